//! Expansion snapshots: each `tests/expand/<case>.rs` holds annotated
//! functions; their expansion, pretty-printed, must equal
//! `tests/expand/<case>.expanded.rs`. `ASYNCGEN_BLESS=1 cargo test -p
//! asyncgen-macros` rewrites the snapshots after a deliberate change.

use std::fs;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::ToTokens;

fn expand_file(source: &str) -> String {
    let file: syn::File = syn::parse_str(source).expect("the case parses");
    let mut out = TokenStream::new();
    for item in file.items {
        let syn::Item::Fn(mut func) = item else {
            out.extend(item.into_token_stream());
            continue;
        };
        let position = func
            .attrs
            .iter()
            .position(|attr| attr.path().is_ident("async_generator"));
        match position {
            Some(index) => {
                let attr = func.attrs.remove(index);
                let args = match attr.meta {
                    syn::Meta::List(list) => list.tokens,
                    _ => TokenStream::new(),
                };
                out.extend(super::generator(args, func.into_token_stream()));
            }
            None => out.extend(func.into_token_stream()),
        }
    }
    let printed: syn2::File = syn2::parse2(out.clone())
        .unwrap_or_else(|error| panic!("the expansion parses: {error}\n{out}"));
    prettyplease::unparse(&printed)
}

#[test]
fn expansions_match_their_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/expand");
    let bless = std::env::var_os("ASYNCGEN_BLESS").is_some();
    let mut cases = 0;
    let mut stale = Vec::new();
    for entry in fs::read_dir(&dir).expect("tests/expand exists") {
        let path = entry.expect("readable entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || name.ends_with(".expanded.rs") {
            continue;
        }
        cases += 1;
        let expanded = expand_file(&fs::read_to_string(&path).unwrap());
        let snapshot = path.with_extension("expanded.rs");
        if bless {
            fs::write(&snapshot, &expanded).unwrap();
        } else if fs::read_to_string(&snapshot).ok().as_deref() != Some(expanded.as_str()) {
            stale.push(format!("{name}:\n{expanded}"));
        }
    }
    assert!(cases > 0, "no cases in {}", dir.display());
    assert!(
        stale.is_empty(),
        "expansions differ from their snapshots (ASYNCGEN_BLESS=1 to accept):\n{}",
        stale.join("\n")
    );
}
