//! Integration tests: reqwest against [`sovereign_emulator::Emulator`].

mod admin;
mod cinder;
mod cli;
mod glance;
mod helpers;
mod keystone;
mod neutron_errors;
mod neutron_floating_ips;
mod neutron_lifecycle;
mod neutron_listing;
mod neutron_security_groups;
mod nova;
mod openstacksdk;
mod state;
