data "sovereign_image" "ubuntu" {
  name = "Ubuntu 24.04"
}

# The newest of several matching images.
data "sovereign_image" "debian" {
  name_regex  = "^Debian"
  most_recent = true
}

output "ubuntu_min_disk_gb" {
  value = data.sovereign_image.ubuntu.min_disk_gb
}
