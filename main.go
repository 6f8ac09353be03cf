// Command terraform-provider-vbs is the Terraform provider for the Volume
// Backup Service's backup sharing.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vbsteam/terraform-provider-vbs/internal/provider"
)

// version is set by goreleaser through ldflags.
var version = "dev"

// registryAddress is where the provider is published; README and examples
// use the same source.
const registryAddress = "registry.terraform.io/vbsteam/vbs"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	if debug {
		if err := serveDebug(); err != nil {
			log.Fatal(err.Error())
		}
		return
	}
	if err := tf6server.Serve(registryAddress, provider.NewServer(version)); err != nil {
		log.Fatal(err.Error())
	}
}

// serveDebug serves the provider for a debugger and prints the
// TF_REATTACH_PROVIDERS value to use. Unlike tf6server's managed debug mode,
// the value names the provider under both the Terraform and the OpenTofu
// registry address, so the one line works with either CLI.
func serveDebug() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	errCh := make(chan error, 1)
	go func() {
		errCh <- tf6server.Serve(registryAddress, provider.NewServer(version), tf6server.WithDebug(ctx, configCh, closeCh))
	}()
	select {
	case cfg := <-configCh:
		value, err := reattachValue(cfg, registryAddress, openTofuAddress(registryAddress))
		if err != nil {
			return err
		}
		fmt.Printf("Provider started. To attach Terraform or OpenTofu, set:\n\n\tTF_REATTACH_PROVIDERS='%s'\n\n", value)
	case err := <-errCh:
		return err
	}
	<-closeCh
	return nil
}
