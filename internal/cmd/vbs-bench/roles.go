package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/provider"
)

// Terraform starts "terraform-provider-vbs" from the dev_overrides
// directory; there it is a script that runs this binary in one of these
// roles (VBS_BENCH_ROLE).
const (
	roleCapture = "capture" // the real provider; saves the state it returns
	roleFloor   = "floor"   // returns the saved state without reading anything
	roleWrap    = "wrap"    // runs the real provider binary, records its peak RSS
	// roleWrapFloor runs this binary as the floor through the same wrapper,
	// so that both sides of a pair start the same number of processes.
	roleWrapFloor = "wrap-floor"
)

func runRole(role string) error {
	switch role {
	case roleCapture, roleFloor:
		return tf6server.Serve(devrun.RegistryAddress, func() tfprotov6.ProviderServer {
			return &benchServer{ProviderServer: provider.NewServer("bench")(), role: role, stateFile: os.Getenv("VBS_BENCH_STATE")}
		})
	case roleWrap:
		return wrap(os.Getenv("VBS_BENCH_REAL"), os.Getenv("VBS_BENCH_USAGE"), nil)
	case roleWrapFloor:
		self, err := os.Executable()
		if err != nil {
			return err
		}
		return wrap(self, os.Getenv("VBS_BENCH_USAGE"), []string{"VBS_BENCH_ROLE=" + roleFloor})
	}
	return fmt.Errorf("unknown role %q", role)
}

// benchServer is the real provider, except for data source reads (each
// configuration here has one data source): capture saves the encoded state;
// floor answers with it, so that its plan time is what Terraform needs to
// take the state in.
type benchServer struct {
	tfprotov6.ProviderServer
	role      string
	stateFile string
}

func (s *benchServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if s.role == roleFloor {
		b, err := os.ReadFile(s.stateFile)
		if err != nil {
			return nil, err
		}
		return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: b}}, nil
	}
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if err == nil && resp.State != nil {
		err = os.WriteFile(s.stateFile, resp.State.MsgPack, 0o600)
	}
	return resp, err
}

// wrap runs the provider binary with this process's stdio, arguments and
// environment with env added (so the plugin handshake passes through), then
// appends the child's resource usage to usageFile, if one is named: a line
// of its peak RSS in KiB, user and system CPU in microseconds.
func wrap(cli, usageFile string, env []string) error {
	cmd := exec.Command(cli, os.Args[1:]...) //nolint:gosec,noctx // the wrapper runs the CLI it wraps with the arguments it was given, to the end
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), env...)
	runErr := cmd.Run()
	if cmd.ProcessState != nil && usageFile != "" {
		if u, ok := usageOf(cmd.ProcessState); ok {
			f, err := os.OpenFile(usageFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) //nolint:gosec // the file the bench command named for its wrapper
			if err == nil {
				_, _ = fmt.Fprintln(f, u.line())
				_ = f.Close()
			}
		}
	}
	return runErr
}
