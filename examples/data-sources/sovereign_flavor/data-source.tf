data "sovereign_flavor" "small" {
  min_cores     = 2
  min_memory_gb = 4
}

output "small_flavor" {
  value = "${data.sovereign_flavor.small.name}: ${data.sovereign_flavor.small.cores} cores, ${data.sovereign_flavor.small.memory_gb} GB"
}
