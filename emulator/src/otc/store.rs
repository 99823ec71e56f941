//! What OTC's native APIs remember beside the OTC OpenStack world: VPCs, the VPC side of
//! subnets and EIPs, bandwidths and ECS jobs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::bandwidths::{self, Bandwidth};
use super::ecs::jobs::Job;
use super::eips::{self, PublicIp};
use super::errors::VpcError;
use super::subnets::{self, VpcSubnet};
use super::tags::Tags;
use super::vpcs::{self, Vpc};
use crate::openstack::world::World;

/// OTC's native resources, each table ordered by id.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// VPCs by id.
    #[serde(default)]
    pub vpcs: BTreeMap<String, Vpc>,
    /// VPC subnets by id (= Neutron network id).
    #[serde(default)]
    pub subnets: BTreeMap<String, VpcSubnet>,
    /// EIPs by id (= Neutron floating IP id).
    #[serde(default)]
    pub publicips: BTreeMap<String, PublicIp>,
    /// Bandwidths by id.
    #[serde(default)]
    pub bandwidths: BTreeMap<String, Bandwidth>,
    /// ECS jobs by id.
    #[serde(default)]
    pub jobs: BTreeMap<String, Job>,
}

/// Looks `id` up in `table` for `project`, or fails with `missing`.
fn owned<'a, T>(
    table: &'a BTreeMap<String, T>,
    id: &str,
    project: &str,
    owner: fn(&T) -> &str,
    missing: fn(&str) -> VpcError,
) -> Result<&'a T, VpcError> {
    table
        .get(id)
        .filter(|t| owner(t) == project)
        .ok_or_else(|| missing(id))
}

/// Like [`owned`], but mutable.
fn owned_mut<'a, T>(
    table: &'a mut BTreeMap<String, T>,
    id: &str,
    project: &str,
    owner: fn(&T) -> &str,
    missing: fn(&str) -> VpcError,
) -> Result<&'a mut T, VpcError> {
    table
        .get_mut(id)
        .filter(|t| owner(t) == project)
        .ok_or_else(|| missing(id))
}

/// 404 for a resource type without tags.
fn no_tags(kind: &str) -> VpcError {
    VpcError::not_found("VPC.0002", format!("Resource type {kind} has no tags."))
}

impl Store {
    /// A VPC of `project`, or 404 `VPC.0003`.
    pub fn vpc(&self, id: &str, project: &str) -> Result<&Vpc, VpcError> {
        owned(&self.vpcs, id, project, |v| &v.project_id, vpcs::missing)
    }

    /// Like [`Store::vpc`], but mutable.
    pub fn vpc_mut(&mut self, id: &str, project: &str) -> Result<&mut Vpc, VpcError> {
        owned_mut(
            &mut self.vpcs,
            id,
            project,
            |v| &v.project_id,
            vpcs::missing,
        )
    }

    /// A subnet of `project`, or 404 `VPC.0202`.
    pub fn subnet(&self, id: &str, project: &str) -> Result<&VpcSubnet, VpcError> {
        owned(
            &self.subnets,
            id,
            project,
            |s| &s.project_id,
            subnets::missing,
        )
    }

    /// An EIP of `project`, or 404 `VPC.0302`.
    pub fn publicip(&self, id: &str, project: &str) -> Result<&PublicIp, VpcError> {
        owned(
            &self.publicips,
            id,
            project,
            |p| &p.project_id,
            eips::missing,
        )
    }

    /// A bandwidth of `project`, or 404 `VPC.0402`.
    pub fn bandwidth(&self, id: &str, project: &str) -> Result<&Bandwidth, VpcError> {
        owned(
            &self.bandwidths,
            id,
            project,
            |b| &b.project_id,
            bandwidths::missing,
        )
    }

    /// Like [`Store::bandwidth`], but mutable.
    pub fn bandwidth_mut(&mut self, id: &str, project: &str) -> Result<&mut Bandwidth, VpcError> {
        owned_mut(
            &mut self.bandwidths,
            id,
            project,
            |b| &b.project_id,
            bandwidths::missing,
        )
    }

    /// The tags of a `vpcs`, `subnets` or `publicips` resource of `project`.
    pub fn tags(&self, kind: &str, id: &str, project: &str) -> Result<&Tags, VpcError> {
        match kind {
            "vpcs" => Ok(&self.vpc(id, project)?.tags),
            "subnets" => Ok(&self.subnet(id, project)?.tags),
            "publicips" => Ok(&self.publicip(id, project)?.tags),
            _ => Err(no_tags(kind)),
        }
    }

    /// Like [`Store::tags`], but mutable.
    pub fn tags_mut(&mut self, kind: &str, id: &str, project: &str) -> Result<&mut Tags, VpcError> {
        match kind {
            "vpcs" => Ok(&mut self.vpc_mut(id, project)?.tags),
            "subnets" => Ok(&mut owned_mut(
                &mut self.subnets,
                id,
                project,
                |s| &s.project_id,
                subnets::missing,
            )?
            .tags),
            "publicips" => Ok(&mut owned_mut(
                &mut self.publicips,
                id,
                project,
                |p| &p.project_id,
                eips::missing,
            )?
            .tags),
            _ => Err(no_tags(kind)),
        }
    }

    /// VPCs and EIPs clients created, for the admin inventory.
    pub fn inventory(&self, world: &World, now: i64) -> (Map<String, Value>, usize) {
        let vpcs: Vec<Value> = self.vpcs.values().map(|v| v.render(now)).collect();
        let ips: Vec<Value> = self
            .publicips
            .values()
            .filter_map(|ip| ip.render(self, world, now))
            .collect();
        let total = vpcs.len() + ips.len();
        let mut out = Map::new();
        out.insert("vpcs".to_string(), Value::Array(vpcs));
        out.insert("publicips".to_string(), Value::Array(ips));
        (out, total)
    }
}
