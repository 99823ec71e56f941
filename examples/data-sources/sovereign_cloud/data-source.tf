data "sovereign_cloud" "current" {}

# Branch on what the cloud can do rather than on its name.
output "can_route_in_place" {
  value = data.sovereign_cloud.current.capabilities["network_internet_access_in_place"]
}
