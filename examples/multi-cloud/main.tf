# One module (modules/app) applied to four clouds at once, through four aliases of the same
# provider. Each provider block names its cloud and region; the credentials come from where
# each cloud's own tools keep them:
#   plusserver, otc  two entries named "plusserver" and "otc" in clouds.yaml (./clouds.yaml or
#                    ~/.config/openstack/clouds.yaml): one set of OS_* variables cannot serve two
#                    OpenStack clouds, so leave OS_* unset
#   ionos            IONOS_TOKEN (or IONOS_USERNAME + IONOS_PASSWORD) and IONOS_DATACENTER_ID
#   stackit          STACKIT_PROJECT_ID and STACKIT_SERVICE_ACCOUNT_KEY_PATH (or _TOKEN)
#
# Against the emulator, which serves all four clouds on one port:
#   sovereign-emulator --listen 127.0.0.1:8787 &
#   sovereign-emulator clouds-yaml > clouds.yaml
#   eval "$(sovereign-emulator env ionos)"; eval "$(sovereign-emulator env stackit)"
#   terraform apply
# (`./scripts/quickstart.sh multi-cloud` does exactly this.)

terraform {
  required_providers {
    sovereign = {
      source = "sovereign-cloud/sovereign"
    }
  }
}

variable "regions" {
  description = "The region of each cloud (IONOS: the data center's location)."
  type        = map(string)
  default = {
    plusserver = "prod1"
    otc        = "eu-de"
    ionos      = "de/fra"
    stackit    = "eu01"
  }
}

provider "sovereign" {
  alias  = "plusserver"
  cloud  = "plusserver"
  region = var.regions["plusserver"]
  openstack {
    cloud = "plusserver"
  }
}

provider "sovereign" {
  alias  = "otc"
  cloud  = "otc"
  region = var.regions["otc"]
  openstack {
    cloud = "otc"
  }
}

provider "sovereign" {
  alias  = "ionos"
  cloud  = "ionos"
  region = var.regions["ionos"]
}

provider "sovereign" {
  alias  = "stackit"
  cloud  = "stackit"
  region = var.regions["stackit"]
}

# Ubuntu 24.04 is "Ubuntu 24.04" on plusserver and STACKIT, "Standard_Ubuntu_24.04_latest" on
# OTC and "ubuntu-24.04-server-cloudimg-amd64" on IONOS.
locals {
  ubuntu = "(?i)^(standard_)?ubuntu.24\\.04"
}

module "plusserver" {
  source      = "./modules/app"
  providers   = { sovereign = sovereign.plusserver }
  name        = "shop"
  image_regex = local.ubuntu
}

module "otc" {
  source      = "./modules/app"
  providers   = { sovereign = sovereign.otc }
  name        = "shop"
  image_regex = local.ubuntu
}

module "ionos" {
  source      = "./modules/app"
  providers   = { sovereign = sovereign.ionos }
  name        = "shop"
  image_regex = local.ubuntu
}

module "stackit" {
  source      = "./modules/app"
  providers   = { sovereign = sovereign.stackit }
  name        = "shop"
  image_regex = local.ubuntu
}

output "stacks" {
  description = "Each cloud's stack: cloud, region, flavor and public IP."
  value = {
    plusserver = module.plusserver.summary
    otc        = module.otc.summary
    ionos      = module.ionos.summary
    stackit    = module.stackit.summary
  }
}
