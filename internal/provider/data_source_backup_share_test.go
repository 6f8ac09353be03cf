package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestBackupShareIDAndBackupIDGiveOneError(t *testing.T) {
	ctx := context.Background()
	server := NewServer("test")()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	config := objectValue(
		t,
		schema.DataSourceSchemas["vbs_backup_share"].ValueType(),
		map[string]tftypes.Value{"id": str(seedShare), "backup_id": str(seedBkp)},
	)
	resp, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "vbs_backup_share", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(resp.Diagnostics); n != 1 {
		t.Errorf("%d diagnostics for id with backup_id, want 1: %s", n, errorsOf(resp.Diagnostics))
	}
}
