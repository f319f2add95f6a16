//! The requests and limits our Kubernetes manifests declare, per Deployment and StatefulSet.
//! The local source prices processes as if they ran with these; right-sizing patches them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;
use serde_yaml::Value;

use crate::quantity;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    pub kind: String,
    pub name: String,
    /// The containers' names, in order (right-sizing patches the first, the workload's own).
    pub containers: Vec<String>,
    pub cpu_request_cores: Option<f64>,
    pub cpu_limit_cores: Option<f64>,
    pub memory_request_bytes: Option<f64>,
    pub memory_limit_bytes: Option<f64>,
    /// Summed over the volume claim templates of a StatefulSet (per replica).
    pub storage_bytes: f64,
}

#[derive(Debug, Default)]
pub struct Manifests {
    workloads: BTreeMap<String, Declared>,
}

fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            yaml_files(&path, found)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            found.push(path);
        }
    }
    Ok(())
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

fn amount(value: Option<&Value>) -> anyhow::Result<Option<f64>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) => Ok(Some(quantity::parse(s)?)),
        Some(other) => anyhow::bail!("a resource quantity is {other:?}"),
    }
}

fn add(total: Option<f64>, more: Option<f64>) -> Option<f64> {
    match (total, more) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
    }
}

impl Manifests {
    /// Every Deployment and StatefulSet in the YAML files under `dir` (other kinds are skipped).
    pub fn read(dir: &Path) -> anyhow::Result<Manifests> {
        let mut files = Vec::new();
        yaml_files(dir, &mut files)
            .with_context(|| format!("cannot read the manifests in {}", dir.display()))?;
        files.sort();
        let mut manifests = Manifests::default();
        for file in files {
            let content = std::fs::read_to_string(&file)?;
            for document in serde_yaml::Deserializer::from_str(&content) {
                let doc = Value::deserialize(document)
                    .with_context(|| format!("{} is not valid YAML", file.display()))?;
                if let Some(declared) =
                    Self::declared(&doc).with_context(|| format!("in {}", file.display()))?
                {
                    manifests.workloads.insert(declared.name.clone(), declared);
                }
            }
        }
        Ok(manifests)
    }

    fn declared(doc: &Value) -> anyhow::Result<Option<Declared>> {
        let kind = doc.get("kind").and_then(Value::as_str).unwrap_or_default();
        if kind != "Deployment" && kind != "StatefulSet" {
            return Ok(None);
        }
        let name = text(doc, &["metadata", "name"])
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut declared = Declared {
            kind: kind.to_owned(),
            name: name.to_owned(),
            ..Declared::default()
        };
        let containers = text(doc, &["spec", "template", "spec", "containers"])
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for container in &containers {
            if let Some(name) = container.get("name").and_then(Value::as_str) {
                declared.containers.push(name.to_owned());
            }
            let resources =
                |path: [&str; 2]| amount(text(container, &["resources", path[0], path[1]]));
            declared.cpu_request_cores =
                add(declared.cpu_request_cores, resources(["requests", "cpu"])?);
            declared.cpu_limit_cores = add(declared.cpu_limit_cores, resources(["limits", "cpu"])?);
            declared.memory_request_bytes = add(
                declared.memory_request_bytes,
                resources(["requests", "memory"])?,
            );
            declared.memory_limit_bytes = add(
                declared.memory_limit_bytes,
                resources(["limits", "memory"])?,
            );
        }
        for claim in text(doc, &["spec", "volumeClaimTemplates"])
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
        {
            declared.storage_bytes +=
                amount(text(claim, &["spec", "resources", "requests", "storage"]))?.unwrap_or(0.0);
        }
        Ok(Some(declared))
    }

    pub fn workload(&self, name: &str) -> Option<&Declared> {
        self.workloads.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_manifests_declare_every_workload() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/base");
        let manifests = Manifests::read(&dir).unwrap();
        let api = manifests
            .workload("offreapi-api")
            .expect("the api Deployment");
        assert_eq!(api.kind, "Deployment");
        assert_eq!(api.containers.first().map(String::as_str), Some("api"));
        assert!(api.cpu_request_cores.is_some() && api.memory_limit_bytes.is_some());
        let postgres = manifests
            .workload("offreapi-postgres")
            .expect("the StatefulSet");
        assert_eq!(postgres.kind, "StatefulSet");
        assert!(postgres.storage_bytes > 0.0);
        assert!(manifests.workload("offreapi-web").is_some());
    }
}
