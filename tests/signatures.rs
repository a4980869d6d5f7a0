//! The signatures `#[async_generator]` accepts: borrowed arguments (the
//! generator captures their lifetimes), `&self` / `&mut self` / `self`
//! receivers, trait impl methods, generics with `where` clauses, pattern and
//! `mut` arguments, visibility, attributes and doc comments kept.

mod common;

use std::fmt::Display;
use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::Log;
use futures::StreamExt;

struct Shelf {
    name: String,
    items: Vec<u32>,
    log: Log,
}

impl Shelf {
    fn new(log: &Log) -> Self {
        Shelf {
            name: "shelf".to_owned(),
            items: vec![1, 2, 3],
            log: log.clone(),
        }
    }

    /// Borrows `self` and a `&str` for as long as the generator lives.
    #[async_generator(yield = String)]
    async fn labelled(&self, prefix: &str) {
        finally! { self.log.push(format!("{} labelled cleanup", self.name)); }
        for item in &self.items {
            yield_!(format!("{prefix}{item}"));
        }
    }

    /// Mutates `self` while it yields.
    #[async_generator(yield = u32)]
    async fn drain(&mut self) {
        finally! { self.log.push(format!("drain cleanup, {} left", self.items.len())); }
        while let Some(item) = self.items.pop() {
            yield_!(item);
        }
    }

    /// Takes `self`: the generator owns the shelf and drops it at the end.
    #[async_generator(yield = u32)]
    async fn into_items(self) {
        let log = self.log.clone();
        finally! { log.push(format!("into_items cleanup, name {}", self.name)); }
        for item in self.items {
            yield_!(item);
        }
    }
}

#[tokio::test]
async fn a_generator_borrows_self_and_a_str() {
    let log = Log::new();
    let shelf = Shelf::new(&log);
    let prefix = String::from("item-");
    let items: Vec<String> = shelf.labelled(&prefix).collect().await;
    assert_eq!(items, ["item-1", "item-2", "item-3"]);
    assert_eq!(log.take(), ["shelf labelled cleanup"]);
    // Early drop releases the borrows: both can be used again.
    {
        let mut g = pin!(shelf.labelled(&prefix));
        assert_eq!(g.next().await.as_deref(), Some("item-1"));
    }
    drop(prefix);
    assert_eq!(shelf.items, [1, 2, 3]);
    assert_eq!(log.take(), ["shelf labelled cleanup"]);
}

#[tokio::test]
async fn a_generator_borrows_self_mutably() {
    let log = Log::new();
    let mut shelf = Shelf::new(&log);
    {
        let mut g = pin!(shelf.drain());
        assert_eq!(g.next().await, Some(3));
        assert_eq!(g.next().await, Some(2));
    }
    assert_eq!(log.take(), ["drain cleanup, 1 left"]);
    assert_eq!(shelf.items, [1]);
    shelf.items.push(7);
    let rest: Vec<u32> = shelf.drain().collect().await;
    assert_eq!(rest, [7, 1]);
    assert_eq!(log.take(), ["drain cleanup, 0 left"]);
}

#[tokio::test]
async fn a_generator_takes_self_by_value() {
    let log = Log::new();
    let items: Vec<u32> = Shelf::new(&log).into_items().collect().await;
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(log.take(), ["into_items cleanup, name shelf"]);
}

struct Boxed(Vec<&'static str>);

impl Boxed {
    /// A `self: Box<Self>` receiver and a `ref` pattern argument.
    #[async_generator(yield = String)]
    async fn joined(self: Box<Self>, ref separator: String) {
        for word in &self.0 {
            yield_!(format!("{word}{separator}"));
        }
    }
}

#[tokio::test]
async fn a_boxed_self_receiver_and_a_ref_pattern_argument() {
    let items: Vec<String> = Box::new(Boxed(vec!["a", "b"]))
        .joined(";".to_owned())
        .collect()
        .await;
    assert_eq!(items, ["a;", "b;"]);
}

trait Catalogue {
    fn items(&self) -> impl AsyncGenerator<Item = u32, Closed = ()> + '_;
}

impl Catalogue for Shelf {
    #[async_generator(yield = u32)]
    async fn items(&self) {
        finally! { self.log.push("trait items cleanup"); }
        for item in &self.items {
            yield_!(*item * 10);
        }
    }
}

async fn first_two<C: Catalogue>(catalogue: &C) -> Vec<u32> {
    let mut g = pin!(catalogue.items());
    let mut got = Vec::new();
    while let Some(item) = g.next().await {
        got.push(item);
        if got.len() == 2 {
            break;
        }
    }
    g.as_mut().close().await;
    got
}

#[tokio::test]
async fn a_trait_impl_method_is_a_generator() {
    let log = Log::new();
    let shelf = Shelf::new(&log);
    assert_eq!(first_two(&shelf).await, [10, 20]);
    assert_eq!(log.take(), ["trait items cleanup"]);
}

#[async_generator(yield = String)]
async fn repeat<T, U>(log: &Log, value: T, times: U)
where
    T: Display + Clone,
    U: Into<usize>,
{
    finally! { log.push("repeat cleanup"); }
    for i in 0..times.into() {
        yield_!(format!("{i}:{value}"));
    }
}

#[tokio::test]
async fn a_generic_generator_with_a_where_clause() {
    let log = Log::new();
    let items: Vec<String> = repeat(&log, "x", 3u8).collect().await;
    assert_eq!(items, ["0:x", "1:x", "2:x"]);
    let items: Vec<String> = repeat(&log, 4.5, 1u16).collect().await;
    assert_eq!(items, ["0:4.5"]);
    assert_eq!(log.take(), ["repeat cleanup", "repeat cleanup"]);
}

#[async_generator(yield = T)]
async fn each<T>(items: impl IntoIterator<Item = T>) {
    for item in items {
        yield_!(item);
    }
}

#[tokio::test]
async fn a_generic_item_type_and_an_impl_trait_argument() {
    let items: Vec<char> = each("abc".chars()).collect().await;
    assert_eq!(items, ['a', 'b', 'c']);
}

#[async_generator(yield = u32)]
async fn patterns((a, b): (u32, u32), mut n: u32, _: &str, Wrapper(w): Wrapper) {
    while n > 0 {
        n -= 1;
        yield_!(a + b + w + n);
    }
}

struct Wrapper(u32);

#[tokio::test]
async fn pattern_and_mut_arguments() {
    let items: Vec<u32> = patterns((1, 2), 3, "ignored", Wrapper(100)).collect().await;
    assert_eq!(items, [105, 104, 103]);
}

#[tokio::test]
async fn arguments_are_moved_into_the_generator_and_dropped_with_it() {
    #[async_generator(yield = u32)]
    async fn holds(log: Log, _unused: common::Guard) {
        log.push("body start");
        yield_!(1);
    }
    let log = Log::new();
    let g = holds(log.clone(), log.guard("argument"));
    log.push("created");
    drop(g);
    log.push("dropped");
    assert_eq!(log.take(), ["created", "drop argument", "dropped"]);
}

mod visibility {
    // Turned into an error here, and allowed again on `configured`: if
    // `#[async_generator]` dropped the attributes it is given, `configured`
    // would not compile.
    #![deny(unused_variables)]

    use asyncgen::async_generator;

    /// Documented, `pub(crate)`, and callable from outside this module.
    #[async_generator(yield = u32)]
    pub(crate) async fn visible() {
        yield_!(1);
    }

    #[async_generator(yield = u32)]
    /// A doc comment after the attribute is kept too.
    #[allow(unused_variables)]
    pub(crate) async fn configured() {
        let unused = 2;
        yield_!(2);
    }
}

#[tokio::test]
async fn visibility_and_attributes_are_kept() {
    let items: Vec<u32> = visibility::visible().collect().await;
    assert_eq!(items, [1]);
    let items: Vec<u32> = visibility::configured().collect().await;
    assert_eq!(items, [2]);
}

#[tokio::test]
async fn the_returned_type_is_an_async_generator_with_the_right_types() {
    fn infallible<G: AsyncGenerator<Item = u32, Closed = ()>>(_: &G) {}
    fn fallible<G: AsyncGenerator<Item = Result<u32, String>, Closed = Result<(), String>>>(_: &G) {
    }
    #[async_generator(yield = u32)]
    async fn may_fail() -> Result<(), String> {
        yield_!(1);
        Ok(())
    }
    infallible(&visibility::visible());
    fallible(&may_fail());
}

/// `crate = path`: the generated code reaches the runtime through another
/// path to the facade (as when the dependency is renamed or re-exported).
mod renamed {
    pub(crate) mod facade {
        pub(crate) use asyncgen as reexported;
    }

    #[asyncgen::async_generator(yield = u32, crate = crate::renamed::facade::reexported)]
    pub(crate) async fn counts() {
        finally! {}
        yield_!(1);
        yield_!(2);
    }
}

#[tokio::test]
async fn the_crate_argument_names_the_facade() {
    let items: Vec<u32> = futures::StreamExt::collect(renamed::counts()).await;
    assert_eq!(items, [1, 2]);
}
