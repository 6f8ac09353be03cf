terraform {
  required_version = ">= 1.5"

  required_providers {
    vbs = {
      source = "vbsteam/vbs"
    }
  }
}
