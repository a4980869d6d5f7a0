//! `asyncgen::__private` lists exactly what expansions name.
//!
//! Every `#[async_generator]`, `#[acmgr]` and `async_gen!` in the
//! workspace's tests, ui tests and examples (the code that compiles every
//! expansion path against the facade) is expanded here, in process, and the
//! names its output takes from `__private` are collected. They must be the
//! names `src/lib.rs`'s `__private` re-exports: a name missing there fails
//! those crates' builds; a name listed but never emitted is surface nobody
//! uses.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};

use crate::expand;

/// The workspace's root (the facade's package).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("macros/ sits in the workspace")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("a readable directory").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The leaf names of `__private`'s `pub use`s and its `pub mod`s.
fn listed() -> BTreeSet<String> {
    fn leaves(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(path) => leaves(&path.tree, out),
            syn::UseTree::Name(name) => drop(out.insert(name.ident.to_string())),
            syn::UseTree::Rename(rename) => drop(out.insert(rename.rename.to_string())),
            syn::UseTree::Group(group) => group.items.iter().for_each(|tree| leaves(tree, out)),
            syn::UseTree::Glob(_) => panic!("`__private` re-exports by name, not by glob"),
        }
    }
    let source = std::fs::read_to_string(workspace().join("src/lib.rs")).expect("src/lib.rs");
    let file = syn::parse_file(&source).expect("src/lib.rs parses");
    let module = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "__private" => Some(module),
            _ => None,
        })
        .expect("src/lib.rs has `mod __private`");
    let mut names = BTreeSet::new();
    for item in &module.content.as_ref().expect("an inline module").1 {
        match item {
            syn::Item::Use(item) => leaves(&item.tree, &mut names),
            syn::Item::Mod(item) => drop(names.insert(item.ident.to_string())),
            other => panic!(
                "`__private` holds only re-exports: {}",
                other.to_token_stream()
            ),
        }
    }
    names
}

/// Expands every use of the crate's macros it visits.
#[derive(Default)]
struct Expansions {
    outputs: Vec<TokenStream>,
    expanded: usize,
}

/// An item that can carry the crate's attributes.
trait Attributed: Clone + ToTokens {
    fn attrs_mut(&mut self) -> &mut Vec<syn::Attribute>;
}

macro_rules! attributed {
    ($($item:ty),*) => {$(
        impl Attributed for $item {
            fn attrs_mut(&mut self) -> &mut Vec<syn::Attribute> {
                &mut self.attrs
            }
        }
    )*};
}

attributed!(syn::ItemFn, syn::ImplItemFn, syn::TraitItemFn);

impl Expansions {
    /// Expands `item` once for each of the crate's attributes on it, as the
    /// attribute receives it: without itself.
    fn attributed<T: Attributed>(&mut self, item: &T) {
        let mut item = item.clone();
        for at in 0..item.attrs_mut().len() {
            let attr = &item.attrs_mut()[at];
            let name = attr.path().segments.last().map(|s| s.ident.to_string());
            let expand_fn = match name.as_deref() {
                Some("async_generator") => expand::generator,
                Some("acmgr") => expand::acmgr,
                _ => continue,
            };
            let args = match &attr.meta {
                syn::Meta::List(list) => list.tokens.clone(),
                _ => TokenStream::new(),
            };
            let mut without = item.clone();
            without.attrs_mut().remove(at);
            self.outputs
                .push(expand_fn(args, without.to_token_stream()));
            self.expanded += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Expansions {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.attributed(item);
        visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.attributed(item);
        visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.attributed(item);
        visit::visit_trait_item_fn(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "async_gen")
        {
            self.outputs.push(expand::inline(mac.tokens.clone()));
            self.expanded += 1;
        }
        visit::visit_macro(self, mac);
    }
}

/// The names the tokens take from `__private` (directly, or through the
/// `__asyncgen_private` alias the lowering imports).
fn named(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => named(group.stream(), out),
            TokenTree::Ident(ident) if ident == "__private" || ident == "__asyncgen_private" => {
                // `__private :: Name` or `__private :: { A as _, B }`.
                let after = &tokens[(at + 1).min(tokens.len())..];
                let path_sep = matches!(after, [TokenTree::Punct(a), TokenTree::Punct(b), ..]
                    if a.as_char() == ':' && b.as_char() == ':');
                if !path_sep {
                    continue;
                }
                match after.get(2) {
                    Some(TokenTree::Ident(name)) => drop(out.insert(name.to_string())),
                    Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                        let mut renaming = false;
                        for inner in group.stream() {
                            match inner {
                                TokenTree::Ident(name) if name == "as" => renaming = true,
                                TokenTree::Ident(name) if !renaming => {
                                    out.insert(name.to_string());
                                }
                                TokenTree::Punct(p) if p.as_char() == ',' => renaming = false,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

#[test]
fn private_lists_exactly_what_expansions_name() {
    // The corpus holds the stress cases (1,000 `finally!` blocks in one
    // block), which syn's recursive visitors walk deeply when unoptimised.
    std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(check_private)
        .expect("spawn")
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
}

fn check_private() {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ["tests", "examples", "servers", "benches/src", "src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut expansions = Expansions::default();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("a readable file");
        // ui tests include inputs that are not Rust on purpose.
        let Ok(file) = syn::parse_file(&source) else {
            continue;
        };
        expansions.visit_file(&file);
    }
    assert!(
        expansions.expanded > 300,
        "the corpus should hold hundreds of uses, found {}",
        expansions.expanded
    );
    let mut used = BTreeSet::new();
    for output in expansions.outputs {
        named(output, &mut used);
    }
    let listed = listed();
    let missing: Vec<_> = used.difference(&listed).collect();
    let unused: Vec<_> = listed.difference(&used).collect();
    assert!(
        missing.is_empty() && unused.is_empty(),
        "`__private` in src/lib.rs must list exactly what expansions name \
         ({} expansions): named but not listed {missing:?}; listed but never named {unused:?}",
        expansions.expanded
    );
}
