package vbs_test

import (
	"context"
	"errors"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// NewClient checks a Config with the same rules, and the same field tags,
// as the provider's configure step.
func TestNewClientReportsFieldTaggedErrors(t *testing.T) {
	cases := map[string]struct {
		cfg   vbs.Config
		field string
		kind  vbs.ErrorKind
	}{
		"password without domain": {
			vbs.Config{AuthURL: "https://iam.example.com/v3", UserName: "u", Password: "p", ProjectID: "x"},
			"domain_name",
			vbs.Missing,
		},
		"project name without domain": {vbs.Config{AuthURL: "https://iam.example.com/v3", Token: "t", ProjectName: "n"}, "domain_name", vbs.Missing},
		"AK/SK without endpoint":      {vbs.Config{AccessKey: "a", SecretKey: "s", ProjectID: "x", Region: "mars-1"}, "endpoint", vbs.Missing},
		"token without IAM":           {vbs.Config{Token: "t", ProjectID: "x"}, "auth_url", vbs.Missing},
		"not a URL":                   {vbs.Config{Token: "t", ProjectID: "x", Endpoint: "vbs.example.com"}, "endpoint", vbs.Invalid},
		// VBS_CBR_ENDPOINT bypasses the schema's validators: checked here.
		"a CBR endpoint with user info": {
			//nolint:gosec // the user info the check refuses
			vbs.Config{Token: "t", ProjectID: "x", Endpoint: "https://vbs.example.com", CBREndpoint: "https://u:p@cbr.example.com"},
			"cbr_endpoint",
			vbs.Invalid,
		},
		"no credentials": {vbs.Config{AuthURL: "https://iam.example.com/v3"}, "", vbs.NoCredentials},
	}
	for name, tc := range cases {
		_, err := vbs.NewClient(context.Background(), tc.cfg)
		var fe *vbs.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Kind != tc.kind {
			t.Errorf("%s: %v, want a %v error of %q", name, err, tc.kind, tc.field)
		}
	}
	// A region it knows implies the endpoints, for NewClient's callers too:
	// with AK/SK IAM at least, whose catalog gives VBS (af-south-1 has no
	// known VBS host).
	for _, region := range []string{"eu-de", "af-south-1"} {
		if err := (vbs.Config{AccessKey: "a", SecretKey: "s", ProjectID: "x", Region: region}).WithRegionDefaults().Validate(); err != nil {
			t.Errorf("AK/SK in %s: %v", region, err)
		}
	}
}
