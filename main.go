// Command terraform-provider-vbs is the Terraform provider for the Volume
// Backup Service's backup sharing.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vbsteam/terraform-provider-vbs/internal/provider"
)

// Run "go generate" to format example terraform files and generate the docs
// for the registry and website.
//go:generate terraform fmt -recursive ./examples/
//go:generate go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate -provider-name vbs

// version is set by goreleaser through ldflags.
var version = "dev"

// registryAddress is where the provider is published; README and examples
// use the same source.
const registryAddress = "registry.terraform.io/vbsteam/vbs"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(registryAddress, provider.NewServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
