//! Registry-style docs (`docs/index.md`, `docs/resources/*.md`, `docs/data-sources/*.md`)
//! generated from the schemas, so the docs cannot drift from the code. Each page takes its
//! example from `examples/` in the tfplugindocs layout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, NestedBlock};
use tf_provider::Diagnostics;

use crate::provider_config;
use crate::SovereignProvider;

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

fn page(
    title: &str,
    subcategory: &str,
    block: &Block,
    example: Option<String>,
    import: Option<String>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "---\npage_title: \"{title}\"\nsubcategory: \"{subcategory}\"\ndescription: |-\n  {}\n---\n", block.description.content.replace('\n', " "));
    let _ = writeln!(out, "# {title}\n\n{}\n", block.description.content);
    if let Some(example) = example {
        let _ = writeln!(out, "## Example Usage\n\n```terraform\n{}```\n", example);
    }
    out.push_str("## Schema\n\n");
    write_attributes(&mut out, block, "###");
    if let Some(import) = import {
        let _ = writeln!(
            out,
            "## Import\n\nImport takes exactly the `id` attribute:\n\n```shell\n{import}```"
        );
    }
    out
}

/// Every page, with examples read from `examples_root` (the repository's `examples/`).
pub fn generate(examples_root: &Path) -> Vec<Page> {
    let provider = SovereignProvider::new();
    let mut diags = Diagnostics::default();
    let mut pages = vec![Page {
        path: "index.md".into(),
        text: page(
            "sovereign Provider",
            "",
            &provider_config::schema().block,
            example(examples_root, "provider/provider.tf"),
            None,
        ),
    }];
    let resources: BTreeMap<_, _> = provider.resources().into_iter().collect();
    for (name, resource) in resources {
        if let Some(schema) = resource.schema(&mut diags) {
            pages.push(Page {
                path: format!("resources/{name}.md"),
                text: page(
                    &format!("sovereign_{name} Resource"),
                    "",
                    &schema.block,
                    example(
                        examples_root,
                        &format!("resources/sovereign_{name}/resource.tf"),
                    ),
                    example(
                        examples_root,
                        &format!("resources/sovereign_{name}/import.sh"),
                    ),
                ),
            });
        }
    }
    let data_sources: BTreeMap<_, _> = provider.data_sources().into_iter().collect();
    for (name, data_source) in data_sources {
        if let Some(schema) = data_source.schema(&mut diags) {
            pages.push(Page {
                path: format!("data-sources/{name}.md"),
                text: page(
                    &format!("sovereign_{name} Data Source"),
                    "",
                    &schema.block,
                    example(
                        examples_root,
                        &format!("data-sources/sovereign_{name}/data-source.tf"),
                    ),
                    None,
                ),
            });
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_folder_matches_the_schemas() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        for page in generate(&root.join("examples")) {
            let current =
                std::fs::read_to_string(root.join("docs").join(&page.path)).unwrap_or_default();
            assert!(
                current == page.text,
                "docs/{} is stale; run `cargo run -p terraform-provider-sovereign -- docs`",
                page.path
            );
        }
    }
}
