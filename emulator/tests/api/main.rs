//! Integration tests: reqwest against [`sovereign_emulator::Emulator`].

mod admin;
mod cinder;
mod cli;
mod glance;
mod helpers;
mod ionos_auth;
mod ionos_depth;
mod ionos_helpers;
mod ionos_requests;
mod keystone;
mod neutron_errors;
mod neutron_floating_ips;
mod neutron_lifecycle;
mod neutron_listing;
mod neutron_security_groups;
mod nova;
mod openstacksdk;
mod otc_ecs;
mod otc_eip;
mod otc_helpers;
mod otc_iam;
mod otc_signing;
mod otc_state;
mod otc_tags;
mod otc_vpc;
mod state;
