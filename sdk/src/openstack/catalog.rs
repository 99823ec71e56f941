//! The Keystone service catalog: which URL serves a service type, interface and region.

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};

/// The catalog of a token.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Catalog(#[serde(default)] pub Vec<CatalogService>);

/// One service in the catalog.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogService {
    /// The service type (`network`, `compute`, `volumev3`, ...).
    #[serde(rename = "type")]
    pub service_type: String,
    /// Its endpoints.
    #[serde(default)]
    pub endpoints: Vec<CatalogEndpoint>,
}

/// One endpoint of a service.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogEndpoint {
    /// public, internal or admin.
    pub interface: String,
    /// The region id.
    #[serde(default)]
    pub region_id: Option<String>,
    /// The region name (older field).
    #[serde(default)]
    pub region: Option<String>,
    /// The URL.
    pub url: String,
}

impl CatalogEndpoint {
    fn in_region(&self, region: &str) -> bool {
        self.region_id.as_deref() == Some(region) || self.region.as_deref() == Some(region)
    }
}

impl Catalog {
    /// The URL of the first of `service_types` found with this interface (and region, when given).
    pub fn endpoint(
        &self,
        service_types: &[&str],
        interface: &str,
        region: Option<&str>,
    ) -> Result<String> {
        let services: Vec<&CatalogService> = service_types
            .iter()
            .filter_map(|t| self.0.iter().find(|s| s.service_type == *t))
            .collect();
        if services.is_empty() {
            let known: Vec<&str> = self.0.iter().map(|s| s.service_type.as_str()).collect();
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "the service catalog has no {} service (it has: {})",
                    service_types.join("/"),
                    known.join(", ")
                ),
            ));
        }
        let matching = services
            .iter()
            .flat_map(|s| s.endpoints.iter())
            .find(|e| e.interface == interface && region.map(|r| e.in_region(r)).unwrap_or(true));
        if let Some(endpoint) = matching {
            return Ok(endpoint.url.trim_end_matches('/').to_string());
        }
        let mut regions: Vec<&str> = services
            .iter()
            .flat_map(|s| s.endpoints.iter())
            .filter_map(|e| e.region_id.as_deref().or(e.region.as_deref()))
            .collect();
        regions.sort();
        regions.dedup();
        Err(Error::invalid_field(
            "region",
            format!(
                "the {} service has no {interface} endpoint in region {:?} (regions: {})",
                service_types[0],
                region.unwrap_or("any"),
                regions.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        serde_json::from_value(serde_json::json!([
            {"type": "network", "endpoints": [
                {"interface": "internal", "region_id": "prod1", "url": "http://internal:9696"},
                {"interface": "public", "region_id": "prod1", "url": "http://public:9696/"},
                {"interface": "public", "region_id": "prod2", "url": "http://p2:9696"}
            ]},
            {"type": "block-storage", "endpoints": [
                {"interface": "public", "region": "prod1", "url": "http://cinder/v3/p"}
            ]}
        ]))
        .unwrap()
    }

    #[test]
    fn finds_by_type_interface_and_region() {
        let c = catalog();
        assert_eq!(
            c.endpoint(&["network"], "public", Some("prod1")).unwrap(),
            "http://public:9696"
        );
        assert_eq!(
            c.endpoint(&["network"], "public", Some("prod2")).unwrap(),
            "http://p2:9696"
        );
        assert_eq!(
            c.endpoint(&["volumev3", "block-storage"], "public", Some("prod1"))
                .unwrap(),
            "http://cinder/v3/p"
        );
    }

    #[test]
    fn unknown_region_and_service_are_clear() {
        let c = catalog();
        let err = c
            .endpoint(&["network"], "public", Some("prod9"))
            .unwrap_err();
        assert!(err.message().contains("prod1, prod2"), "{err}");
        let err = c.endpoint(&["dns"], "public", None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }
}
