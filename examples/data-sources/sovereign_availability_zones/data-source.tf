data "sovereign_availability_zones" "all" {}

resource "sovereign_volume" "data" {
  name              = "data"
  size_gb           = 20
  availability_zone = data.sovereign_availability_zones.all.names[0]
}
