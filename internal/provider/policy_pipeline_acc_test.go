package provider

import (
	"strings"
	"testing"
)

// TestAccPolicyGuide_pipelineExitStatuses runs the policy guide's pipeline
// commands as written (through dev_overrides, so without init) and checks
// the exit statuses its table promises, and the one -detailed-exitcode
// gives instead.
func TestAccPolicyGuide_pipelineExitStatuses(t *testing.T) {
	h := newCLIHarness(t)
	h.copyExample("policy-checks")
	status := func(args ...string) (int, string) {
		t.Helper()
		return exitStatus(t, h.command(args...))
	}
	all := `-var=allowed_projects=["722513ed0a324dadaabe5b2d0fe848a9","722513ed0a324dadaabe5b2d0fe848b9","722513ed0a324dadaabe5b2d0fe848c9"]`
	if code, out := status("plan", "-input=false", "-no-color", all); code != 0 {
		t.Errorf("every rule holds: exit %d, want 0\n%s", code, out)
	}
	code, out := status("plan", "-input=false", "-no-color", `-var=allowed_projects=["722513ed0a324dadaabe5b2d0fe848a9"]`)
	if code != 1 || !strings.Contains(out, "Resource postcondition failed") {
		t.Errorf("a share outside the list: exit %d, want 1 with the postcondition\n%s", code, out)
	}
	if code, out := status("plan", "-input=false", "-no-color", "-detailed-exitcode", all); code != 2 {
		t.Errorf("-detailed-exitcode on a passing run: exit %d, the guide says 2\n%s", code, out)
	}
}
