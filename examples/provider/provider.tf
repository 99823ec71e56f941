terraform {
  required_providers {
    sovereign = {
      source = "sovereign-cloud/sovereign"
    }
  }
}

# plusserver (pluscloud open), with credentials from OS_* or clouds.yaml (OS_CLOUD).
provider "sovereign" {
  cloud  = "plusserver"
  region = "prod1"
}

# The same module on another cloud: only the provider block changes.
provider "sovereign" {
  alias  = "emulated"
  cloud  = "plusserver"
  region = "prod1"
  # The local emulator (sovereign-emulator --listen 127.0.0.1:8787).
  endpoint = "http://127.0.0.1:8787/plusserver"

  openstack {
    user_name           = "emulator"
    password            = var.os_password
    user_domain_name    = "emulator-domain"
    project_name        = "emulator-project"
    project_domain_name = "emulator-domain"
  }
}

variable "os_password" {
  type      = string
  sensitive = true
}
