//! Registry-style docs (`docs/index.md`, `docs/resources/*.md`, `docs/data-sources/*.md`)
//! generated from the schemas, so the docs cannot drift from the code. Each page takes its
//! example from `examples/` in the tfplugindocs layout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, NestedBlock};
use tf_provider::Diagnostics;

use crate::cloud_notes::{capabilities_markdown, CloudNotes};
use crate::{data_sources, provider_config, resources, SovereignProvider};

/// One generated page: its path under `docs/` and its text.
pub struct Page {
    /// The path relative to `docs/`.
    pub path: String,
    /// The Markdown.
    pub text: String,
}

fn type_name(t: &AttributeType) -> String {
    match t {
        AttributeType::String => "String".into(),
        AttributeType::Number => "Number".into(),
        AttributeType::Bool => "Boolean".into(),
        AttributeType::List(inner) => format!("List of {}", type_name(inner)),
        AttributeType::Set(inner) => format!("Set of {}", type_name(inner)),
        AttributeType::Map(inner) => format!("Map of {}", type_name(inner)),
        _ => "Object".into(),
    }
}

fn write_attributes(out: &mut String, block: &Block, heading: &str) {
    let sorted: BTreeMap<&String, &Attribute> = block.attributes.iter().collect();
    let groups = [
        ("Required", AttributeConstraint::Required),
        ("Optional", AttributeConstraint::Optional),
        ("Read-Only", AttributeConstraint::Computed),
    ];
    for (title, constraint) in groups {
        let members: Vec<_> = sorted
            .iter()
            .filter(|(_, a)| {
                a.constraint == constraint
                    || (constraint == AttributeConstraint::Optional
                        && a.constraint == AttributeConstraint::OptionalComputed)
            })
            .collect();
        let has_blocks = constraint == AttributeConstraint::Optional && !block.blocks.is_empty();
        if members.is_empty() && !has_blocks {
            continue;
        }
        let _ = writeln!(out, "{heading} {title}\n");
        for (name, attr) in members {
            let sensitive = if attr.sensitive { ", Sensitive" } else { "" };
            let _ = writeln!(
                out,
                "- `{name}` ({}{sensitive}) {}",
                type_name(&attr.attr_type),
                attr.description.content
            );
        }
        if has_blocks {
            let blocks: BTreeMap<_, _> = block.blocks.iter().collect();
            for (name, nested) in blocks {
                let inner = nested_block(nested);
                let _ = writeln!(
                    out,
                    "- `{name}` (Block, at most one) {} See [below for nested schema](#nestedblock--{name}).",
                    inner.description.content
                );
            }
        }
        out.push('\n');
    }
    let blocks: BTreeMap<_, _> = block.blocks.iter().collect();
    for (name, nested) in blocks {
        let _ = writeln!(
            out,
            "<a id=\"nestedblock--{name}\"></a>\n{heading} Nested Schema for `{name}`\n"
        );
        write_attributes(out, nested_block(nested), &format!("{heading}#"));
    }
}

fn nested_block(nested: &NestedBlock) -> &Block {
    match nested {
        NestedBlock::Single(b)
        | NestedBlock::List(b)
        | NestedBlock::Set(b)
        | NestedBlock::Map(b)
        | NestedBlock::Group(b)
        | NestedBlock::Optional(b) => b,
    }
}

fn example(root: &Path, relative: &str) -> Option<String> {
    std::fs::read_to_string(root.join(relative)).ok()
}

/// What one page is made of, besides the schema.
struct Parts {
    title: String,
    example: Option<String>,
    notes: Option<String>,
    import: Option<String>,
}

fn page(block: &Block, parts: Parts) -> String {
    let Parts {
        title,
        example,
        notes,
        import,
    } = parts;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\npage_title: \"{title}\"\nsubcategory: \"\"\ndescription: |-\n  {}\n---\n",
        block.description.content.replace('\n', " ")
    );
    let _ = writeln!(out, "# {title}\n\n{}\n", block.description.content);
    if let Some(example) = example {
        let _ = writeln!(out, "## Example Usage\n\n```terraform\n{}```\n", example);
    }
    out.push_str("## Schema\n\n");
    write_attributes(&mut out, block, "###");
    if let Some(notes) = notes {
        let _ = writeln!(out, "{notes}");
    }
    if let Some(import) = import {
        let _ = writeln!(
            out,
            "## Import\n\nImport takes exactly the `id` attribute:\n\n```shell\n{import}```"
        );
    }
    out
}

/// The notes of `sovereign_{name}`, or an error naming the resource that lacks them.
fn notes_of(name: &str, notes: Option<&CloudNotes>) -> Result<String, String> {
    notes
        .map(CloudNotes::to_markdown)
        .ok_or_else(|| format!("sovereign_{name} has no CLOUD_NOTES beside its code"))
}

/// Every page, with examples read from `examples_root` (the repository's `examples/`); an
/// error when a resource or data source has no per-cloud notes.
pub fn generate(examples_root: &Path) -> Result<Vec<Page>, String> {
    let provider = SovereignProvider::new();
    let mut diags = Diagnostics::default();
    let mut pages = vec![Page {
        path: "index.md".into(),
        text: page(
            &provider_config::schema().block,
            Parts {
                title: "sovereign Provider".into(),
                example: example(examples_root, "provider/provider.tf"),
                notes: Some(capabilities_markdown()),
                import: None,
            },
        ),
    }];
    let resources: BTreeMap<_, _> = provider.resources().into_iter().collect();
    for (name, resource) in resources {
        if let Some(schema) = resource.schema(&mut diags) {
            pages.push(Page {
                path: format!("resources/{name}.md"),
                text: page(
                    &schema.block,
                    Parts {
                        title: format!("sovereign_{name} Resource"),
                        example: example(
                            examples_root,
                            &format!("resources/sovereign_{name}/resource.tf"),
                        ),
                        notes: Some(notes_of(&name, resources::cloud_notes(&name))?),
                        import: example(
                            examples_root,
                            &format!("resources/sovereign_{name}/import.sh"),
                        ),
                    },
                ),
            });
        }
    }
    let data_sources: BTreeMap<_, _> = provider.data_sources().into_iter().collect();
    for (name, data_source) in data_sources {
        if let Some(schema) = data_source.schema(&mut diags) {
            let mut notes = notes_of(&name, data_sources::cloud_notes(&name))?;
            if name == "cloud" {
                notes = format!("{notes}\n{}", capabilities_markdown());
            }
            pages.push(Page {
                path: format!("data-sources/{name}.md"),
                text: page(
                    &schema.block,
                    Parts {
                        title: format!("sovereign_{name} Data Source"),
                        example: example(
                            examples_root,
                            &format!("data-sources/sovereign_{name}/data-source.tf"),
                        ),
                        notes: Some(notes),
                        import: None,
                    },
                ),
            });
        }
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_folder_matches_the_schemas() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        for page in generate(&root.join("examples")).expect("every page has its notes") {
            let current =
                std::fs::read_to_string(root.join("docs").join(&page.path)).unwrap_or_default();
            assert!(
                page.text.contains("## Example Usage"),
                "docs/{}: no example in examples/",
                page.path
            );
            if page.path.starts_with("resources/") {
                assert!(
                    page.text.contains("## Import"),
                    "docs/{}: no import.sh",
                    page.path
                );
            }
            assert!(
                current == page.text,
                "docs/{} is stale; run `cargo run -p terraform-provider-sovereign -- docs`",
                page.path
            );
        }
    }

    /// Every attribute of `block` and its nested blocks, as `path: description`.
    fn descriptions(block: &Block, prefix: &str) -> Vec<(String, String)> {
        let mut found: Vec<_> = block
            .attributes
            .iter()
            .map(|(name, a)| (format!("{prefix}{name}"), a.description.content.clone()))
            .collect();
        for (name, nested) in &block.blocks {
            found.extend(descriptions(
                nested_block(nested),
                &format!("{prefix}{name}."),
            ));
        }
        found
    }

    #[test]
    fn every_attribute_has_a_description() {
        let provider = SovereignProvider::new();
        let mut diags = Diagnostics::default();
        let mut blocks = vec![("provider".to_string(), provider_config::schema().block)];
        for (name, r) in provider.resources() {
            blocks.push((name, r.schema(&mut diags).expect("schema").block));
        }
        for (name, d) in provider.data_sources() {
            blocks.push((name, d.schema(&mut diags).expect("schema").block));
        }
        for (name, block) in blocks {
            for (path, text) in descriptions(&block, "") {
                assert!(!text.trim().is_empty(), "{name}: {path} has no description");
            }
        }
    }
}
