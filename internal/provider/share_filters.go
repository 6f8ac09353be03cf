package provider

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// shareFilters are the list operation's filters as vbs_backup_shares and
// the vbs_backup_share list resource both take them: one model, one
// mapping onto the query, one set of descriptions.
type shareFilters struct {
	ShareToMe        types.Bool   `tfsdk:"share_to_me"`
	VolumeID         types.String `tfsdk:"volume_id"`
	Name             types.String `tfsdk:"name"`
	Status           types.String `tfsdk:"status"`
	BackupID         types.String `tfsdk:"backup_id"`
	FromProjectID    types.String `tfsdk:"from_project_id"`
	ToProjectID      types.String `tfsdk:"to_project_id"`
	AvailabilityZone types.String `tfsdk:"availability_zone"`
}

func (f shareFilters) toFilters() shares.Filters {
	return shares.Filters{
		ShareToMe:        f.ShareToMe.ValueBoolPointer(),
		VolumeID:         f.VolumeID.ValueString(),
		Name:             f.Name.ValueString(),
		Status:           f.Status.ValueString(),
		BackupID:         f.BackupID.ValueString(),
		FromProjectID:    f.FromProjectID.ValueString(),
		ToProjectID:      f.ToProjectID.ValueString(),
		AvailabilityZone: f.AvailabilityZone.ValueString(),
	}
}

// filterDescriptions describe the string filters; share_to_me is described
// by each schema, since what it means to manage differs.
var filterDescriptions = map[string]string{
	"volume_id": "Only shares of backups of this volume (a UUID).",
	"name": "Only shares of backups whose name matches; the service matches fuzzily (a part of the name suffices; whether case matters is not " +
		"documented, and the provider does not check this filter itself).",
	"status":          "Only shares of backups in this status: one of " + quoteList(shares.Statuses) + ".",
	"backup_id":       "Only shares of this backup (a UUID).",
	"from_project_id": "Only shares made by this project (a project ID: 32 lowercase hexadecimal characters).",
	"to_project_id":   "Only shares made to this project (a project ID: 32 lowercase hexadecimal characters).",
	"availability_zone": "Only shares of backups in this availability zone, matched exactly (case included). The API documents the parameter with a misspelt " +
		"name and which spelling the service honours is unverified, " +
		"so the provider also applies this filter to the results itself.",
}

// screenAnswer checks a list answer against the filters it was asked with
// (shares.Screen). Shares whose own fields contradict the filters are left
// out: the result is then the answer to the question, and a warning counts
// them and names the filters the service did not apply. Shares that leave
// a filtered field out (null, or not of its documented form) are kept, as
// the service answered them, and a warning says so: unknown is not "no",
// and a policy check must see them. Failing instead would leave a policy
// check without an answer when the service ignores a filter the provider
// can apply itself.
func screenAnswer(list []shares.Share, f shares.Filters, c *vbs.Client, what string) ([]shares.Share, diag.Diagnostics) {
	kept, r := shares.Screen(list, f, c.ProjectID)
	var diags diag.Diagnostics
	if r.Count > 0 {
		diags.AddWarning(fmt.Sprintf("The service answered with %s that the filters exclude", shares.Plural(r.Count, "share")),
			safeText(c, fmt.Sprintf("The answer to %s held shares whose own fields contradict the question; they were left out:\n%s\n\n"+
				"The service, or a gateway in front of it, appears not to apply these filters. The shares in the result are those "+
				"whose fields do not contradict the filters; report the request to the service's support.",
				what, filterLines(r.ByFilter, r.Example, "not matching"))))
	}
	if len(r.Unchecked) > 0 {
		n := 0
		for _, k := range r.Unchecked {
			n += k
		}
		diags.AddWarning(shares.Plural(n, "share")+" could not be checked against the filters",
			safeText(c, fmt.Sprintf("The answer to %s held shares that leave a filtered field out (null, or not in its documented form):\n%s\n\n"+
				"They are kept as the service answered them, since the service selected them; the missing fields are null in state. "+
				"The provider could not confirm that these shares match the filters.",
				what, filterLines(r.Unchecked, r.UncheckedExample, "without a well-formed field for"))))
	}
	return kept, diags
}

// filterLines lists counts by filter, with an example share of each.
func filterLines(counts map[string]int, examples map[string]string, how string) string {
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := make([]string, len(names))
	for i, name := range names {
		lines[i] = fmt.Sprintf("  - %d %s %s (for example share %s)", counts[name], how, name, examples[name])
	}
	return strings.Join(lines, "\n")
}
