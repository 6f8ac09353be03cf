package vbs_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func TestAKSKLooksUpTheProjectByRegionAndSigns(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, Region: "eu-de", AuthURL: srv.URL + "/v3", Endpoint: srv.URL}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.ProjectID != project || c.Method != vbs.MethodAKSK {
		t.Fatalf("client %+v", c)
	}
	if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if stats := emu.Stats(); stats["iam.token"] != 0 || stats["iam.projects"] != 1 {
		t.Errorf("stats %v: want no token and one project lookup", stats)
	}
}

func TestAKSKWithSecurityToken(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	cfg := vbs.Config{
		AccessKey:     emulator.SampleTempAccessKey,
		SecretKey:     emulator.SampleTempSecretKey,
		SecurityToken: emulator.SampleSecurityToken,
		ProjectID:     project,
		Endpoint:      srv.URL,
	}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shares.Get(context.Background(), c.ServiceClient, "e842bf23-1e05-4c2c-b0f9-25222f4686da"); err != nil {
		t.Fatal(err)
	}
	cfg.SecurityToken = ""
	c, _ = vbs.NewClient(context.Background(), cfg)
	_, err = shares.Get(context.Background(), c.ServiceClient, "e842bf23-1e05-4c2c-b0f9-25222f4686da")
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 401 || e.Code != "APIGW.0301" || !strings.Contains(e.Message, "security token") {
		t.Errorf("without the security token: %v", err)
	}
}

func TestAKSKWrongSecretFailsTheProjectLookup(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	_, err := vbs.NewClient(
		context.Background(),
		vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: "wrong", ProjectName: "eu-de", AuthURL: srv.URL + "/v3", Endpoint: srv.URL},
	)
	var ae *vbs.AuthError
	if !errors.As(err, &ae) || ae.Method != vbs.MethodAKSK || ae.StatusCode() != 401 || !strings.Contains(err.Error(), "verify aksk signature fail") {
		t.Fatalf("err = %v", err)
	}
}

func TestRegionEndpoints(t *testing.T) {
	cases := map[string][2]string{
		"eu-de":      {"https://vbs.eu-de.otc.t-systems.com", "https://iam.eu-de.otc.t-systems.com/v3"},
		"cn-north-4": {"https://vbs.cn-north-4.myhuaweicloud.com", "https://iam.cn-north-4.myhuaweicloud.com/v3"},
	}
	for region, want := range cases {
		v, a, ok := vbs.RegionEndpoints(region)
		if !ok || v != want[0] || a != want[1] {
			t.Errorf("%s: %s %s %v", region, v, a, ok)
		}
	}
	if _, _, ok := vbs.RegionEndpoints("mars-1"); ok {
		t.Error("an unknown region is known")
	}
}

func TestAKSKSendsTheQueryItSigned(t *testing.T) {
	// A filter with a space: signed as %20, so it must go out as %20; a
	// gateway that reads "+" literally would refuse anything else.
	_, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(10)})
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project, Endpoint: srv.URL}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nightly db", "a+b", "50% off & more"} {
		if _, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: shares.Filters{Name: name}}); err != nil {
			t.Errorf("name %q: %v", name, err)
		}
	}
}

// TestAKSKSignsThePathAsItIsSent: an id with a slash is one escaped
// segment on the wire ("a%2Fb") and must be signed as that one segment; a
// signature over "a/b" would be refused by a gateway that verifies what it
// received.
func TestAKSKSignsThePathAsItIsSent(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project, Endpoint: srv.URL}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = shares.Get(context.Background(), c.ServiceClient, "a/b c")
	if !errors.Is(err, shares.ErrNotFound) {
		t.Fatalf("err = %v, want the signature accepted and the share not found", err)
	}
	if got, want := vbs.CanonicalURIOfPath("/v2/p/os-vendor-backup-sharing/a%2Fb%20c"), "/v2/p/os-vendor-backup-sharing/a%2Fb%20c/"; got != want {
		t.Errorf("canonical URI %s, want %s", got, want)
	}
}

// TestAKSKLooksUpTheProjectAsARestrictedUser: a user without IAM
// permissions is refused the search of all projects (403); the projects it
// may use are listed to it all the same, and that is where the project is
// looked up first.
func TestAKSKLooksUpTheProjectAsARestrictedUser(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{RestrictedUser: true})
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, Region: "eu-de", AuthURL: srv.URL + "/v3", Endpoint: srv.URL}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.ProjectID != project {
		t.Fatalf("project %s, want %s", c.ProjectID, project)
	}
	if stats := emu.Stats(); stats["iam.projects"] != 1 {
		t.Errorf("%d project look-ups, want 1", stats["iam.projects"])
	}
	// A name the user has no project of: the error names project_id.
	cfg.Region, cfg.ProjectName = "", "eu-de_nothing"
	if _, err := vbs.NewClient(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "set project_id") {
		t.Errorf("an unknown name: %v", err)
	}
}

// TestAKSKTakesVBSFromTheCatalog: AK/SK without an endpoint asks IAM for
// the project's service catalog (GET /v3/auth/catalog, signed, with
// X-Project-Id), as both clouds' public Go SDKs do, and finds VBS there:
// the region table is then only IAM's.
func TestAKSKTakesVBSFromTheCatalog(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project, AuthURL: srv.URL + "/v3"}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ResourceBase, srv.URL+"/") || c.EndpointSource != vbs.EndpointFromCatalog {
		t.Fatalf("endpoint %s from %s, want the emulator's from the catalog", c.ResourceBase, c.EndpointSource)
	}
	if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if stats := emu.Stats(); stats["iam.catalog"] != 1 || stats["iam.token"] != 0 {
		t.Errorf("stats %v: want one catalog request and no token", stats)
	}
}
