//! Fuzzed input for both attributes, run in-process: generated function
//! bodies (random nestings of the grammar the attributes accept, misuse, and
//! malformed tokens) and a few extreme shapes. For every input the
//! expansion must not panic, must finish on the stack a proc macro gets,
//! must print as Rust items (`syn::File`), and must contain a
//! `compile_error!` wherever the input is known to be wrong.
//!
//! The stack: rustc runs the compiler, and proc macros with it (the default
//! same-thread execution strategy), on a thread of 8 MiB
//! (`rustc_interface::util::DEFAULT_STACK_SIZE`; `RUST_MIN_STACK` changes
//! it). Every expansion here runs on a thread of that size, in a debug
//! build of this crate, as `cargo build` compiles proc macros by default.
//!
//! Cases: `ASYNCGEN_FUZZ_CASES` (default 5,000 per attribute, 10,000 in all), seeded from
//! `ASYNCGEN_FUZZ_SEED` (default fixed, so CI is reproducible); a failure
//! prints the seed and the input.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;

use crate::expand;

/// rustc's compiler-thread stack, on which proc macros run.
const PROC_MACRO_STACK: usize = 8 * 1024 * 1024;

/// splitmix64: small, seedable, good enough to pick grammar productions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Builds one body. `must_error` records a construct that the attribute
/// documents as a compile error (or that is not Rust at all).
struct Gen {
    rng: Rng,
    depth: usize,
    max_depth: usize,
    labels: Vec<String>,
    next_label: usize,
    must_error: Vec<&'static str>,
    /// Inside a closure or an async block: a yield there is an error.
    in_closure: bool,
    /// Inside a `finally!` block.
    in_finally: bool,
    /// Inside another macro's input or a nested item, where the attribute
    /// does not decide what the tokens mean: nothing there must be an
    /// error of the attribute's own.
    opaque: bool,
}

impl Gen {
    fn new(seed: u64) -> Self {
        let mut rng = Rng(seed);
        let max_depth = 2 + rng.below(6);
        Gen {
            rng,
            depth: 0,
            max_depth,
            labels: Vec::new(),
            next_label: 0,
            must_error: Vec::new(),
            in_closure: false,
            in_finally: false,
            opaque: false,
        }
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.rng.below(options.len())]
    }

    fn block(&mut self, out: &mut String) {
        out.push('{');
        let n = self.rng.below(if self.depth == 0 { 8 } else { 5 });
        for _ in 0..n {
            self.stmt(out);
        }
        if self.rng.chance(20) {
            self.expr(out);
        }
        out.push('}');
    }

    fn known_error(&mut self, why: &'static str) {
        if !self.opaque {
            self.must_error.push(why);
        }
    }

    /// Generates `f` inside another macro's input or a nested item.
    fn opaque(&mut self, f: impl FnOnce(&mut Self)) {
        let was = std::mem::replace(&mut self.opaque, true);
        f(self);
        self.opaque = was;
    }

    fn yield_here(&mut self) {
        if self.in_closure {
            self.known_error("yield_! inside a closure or async block");
        }
        if self.in_finally {
            self.known_error("yield_! inside finally!");
        }
    }

    fn stmt(&mut self, out: &mut String) {
        if self.depth >= self.max_depth {
            return self.leaf_stmt(out);
        }
        self.depth += 1;
        match self.rng.below(32) {
            0..=3 => self.leaf_stmt(out),
            4 => {
                out.push_str("finally! ");
                let was = std::mem::replace(&mut self.in_finally, true);
                self.block(out);
                self.in_finally = was;
            }
            5 => {
                out.push_str(self.pick(&[
                    "finally!(|outcome| ",
                    "finally!(|_| ",
                    "finally!(|o: Outcome| ",
                ]));
                let was = std::mem::replace(&mut self.in_finally, true);
                self.block(out);
                self.in_finally = was;
                out.push_str(");");
            }
            6 => {
                let label = format!("'l{}", self.next_label);
                self.next_label += 1;
                let head = self.pick(&["loop ", "while cond() ", "for i in 0..3 "]);
                let _ = write!(out, "{label}: {head}");
                self.labels.push(label);
                self.block(out);
                self.labels.pop();
            }
            7 => {
                out.push_str("if cond() ");
                self.block(out);
                out.push_str(" else ");
                self.block(out);
            }
            8 => self.block(out),
            9 => {
                out.push_str("match value() { Some(x) if ");
                self.expr(out);
                out.push_str(" => ");
                self.block(out);
                out.push_str(", None => {} _ => ");
                self.expr(out);
                out.push_str(", }");
            }
            10 => {
                out.push_str("let c = |x: u32| ");
                let was = std::mem::replace(&mut self.in_closure, true);
                let labels = std::mem::take(&mut self.labels);
                self.block(out);
                self.labels = labels;
                self.in_closure = was;
                out.push(';');
            }
            11 => {
                out.push_str(self.pick(&["let f = async ", "let f = async move "]));
                let was = std::mem::replace(&mut self.in_closure, true);
                let labels = std::mem::take(&mut self.labels);
                self.block(out);
                self.labels = labels;
                self.in_closure = was;
                out.push_str("; f.await;");
            }
            12 => {
                out.push_str(self.pick(&[
                    "#[cfg(feature = \"x\")] ",
                    "#[cfg(not(any()))] ",
                    "#[allow(unused)] ",
                    "#[cfg_attr(test, allow(unused))] ",
                ]));
                self.stmt(out);
            }
            13 => {
                out.push_str("tokio::select! { v = fut() => ");
                self.opaque(|g| g.block(out));
                out.push_str(", else => {} }");
            }
            14 => {
                out.push_str("let x = ");
                self.expr(out);
                out.push(';');
            }
            15 | 16 => {
                self.expr(out);
                out.push(';');
            }
            17 => {
                out.push_str(self.pick(&["println!(\"{}\", ", "assert_eq!(1, ", "dbg!("]));
                self.opaque(|g| g.expr(out));
                out.push_str(");");
            }
            18 => {
                out.push_str("tracing::info!(target: \"t\", field = ");
                self.opaque(|g| g.expr(out));
                out.push_str(", \"msg\");");
            }
            19 => {
                out.push_str("let v = vec![");
                self.opaque(|g| g.expr(out));
                out.push_str("; 3];");
            }
            20 => {
                out.push_str("let m = matches!(value(), Some(_) if ");
                self.opaque(|g| g.expr(out));
                out.push_str(");");
            }
            21 => {
                out.push_str("unknown_macro! ");
                self.opaque(|g| g.block(out));
            }
            22 => {
                out.push_str("let mut inner = own!(source()); ");
                self.stmt(out);
            }
            23 => {
                out.push_str("unsafe ");
                self.block(out);
            }
            24 => {
                out.push_str("let r = loop { break ");
                self.expr(out);
                out.push_str("; };");
            }
            25 => {
                out.push_str("fn nested() ");
                let labels = std::mem::take(&mut self.labels);
                self.opaque(|g| g.block(out));
                self.labels = labels;
            }
            26 => {
                self.yield_here();
                let forms = [
                    ("yield_! { ", " }"),
                    ("let o = yield_!(", ");"),
                    ("while let Some(v) = yield_!(", ") { break; }"),
                ];
                let (open, close) = forms[self.rng.below(forms.len())];
                out.push_str(open);
                self.expr(out);
                out.push_str(close);
            }
            27 => {
                let label = format!("'b{}", self.next_label);
                self.next_label += 1;
                let _ = write!(out, "let v = {label}: {{ if cond() {{ break {label} 1; }} ");
                self.labels.push(label);
                self.stmt(out);
                self.labels.pop();
                out.push_str(" 2 };");
            }
            28 => {
                out.push_str("#[cfg(any())] finally! ");
                let was = std::mem::replace(&mut self.in_finally, true);
                self.block(out);
                self.in_finally = was;
            }
            _ => self.leaf_stmt(out),
        }
        self.depth -= 1;
    }

    fn leaf_stmt(&mut self, out: &mut String) {
        match self.rng.below(24) {
            0..=3 => {
                self.yield_here();
                out.push_str("yield_!(");
                self.leaf_expr(out);
                out.push_str(");");
            }
            4 => {
                self.yield_here();
                out.push_str("yield_from!(source());");
            }
            5 => {
                self.yield_here();
                out.push_str("try_yield_from!(source());");
            }
            6 => out.push_str("fallible()?;"),
            7 => {
                if self.in_finally && !self.in_closure {
                    self.known_error("return inside finally!");
                }
                out.push_str(self.pick(&["return;", "return Ok(());", "return Err(e());"]));
            }
            8 | 9 => {
                if let Some(label) = self.labels.last().cloned() {
                    let kw = self.pick(&["break", "continue"]);
                    let _ = write!(out, "{kw} {label};");
                } else {
                    out.push_str("sleep().await;");
                }
            }
            10 => out.push_str("sleep().await;"),
            11 => out.push_str("log(\"x\");"),
            12 => out.push_str("let _g = guard();"),
            13 => out.push(';'),
            14 => out.push_str("yield_!();"),
            15 => self.malformed(out),
            16 => out.push_str("let x: Vec<u8> = Vec::new();"),
            17 => out.push_str("other::macro_call!(a, b, c);"),
            18 => out.push_str("format_args!(\"{}\", 1);"),
            19 => out.push_str("let _ = (1, 2).0;"),
            _ => out.push_str("let y = 1 + 2;"),
        }
    }

    fn malformed(&mut self, out: &mut String) {
        const PIECES: &[(&str, bool)] = &[
            ("let = ;", true),
            ("finally!;", true),
            ("finally! x;", true),
            ("finally!(|a, b| {});", true),
            ("finally!(|| {});", true),
            ("finally!();", false),
            ("yield_!(1, 2);", false),
            ("own!();", false),
            ("let x = own!(a, b);", false),
            ("yield_! { 1 }", false),
            ("@ # $ ~ ;", true),
            ("1 +;", true),
            ("match {}", true),
            ("'a: {}", false),
            ("break 'nowhere;", false),
            ("finally! { finally! { } }", false),
            ("finally! { yield_!(1); }", true),
            ("let x = finally! {};", true),
            ("yield_from!();", false),
            ("async fn inner() { yield_!(1); }", false),
            ("finally!(|mut o| { log(o); });", false),
            ("finally!(move |o| { log(o); });", false),
            ("finally!(async |o| { log(o); });", false),
            ("finally!(|(o)| {});", false),
            ("finally!(|o: u32| {});", false),
            ("finally!(|o| -> () {});", false),
            ("finally!(|o|);", true),
            ("finally![ log(); ];", false),
            ("finally!( log(); );", false),
            ("yield_!(,);", true),
            ("yield_!(=>);", true),
            ("yield_!(yield_!(1));", false),
            ("let (a, b) = own!(x);", false),
            ("let x: T = own!(y);", false),
            ("let ref x = own!(y);", false),
            ("own!(x);", false),
            ("let x = own!(y) + 1;", false),
            ("yield_from!(a, b);", false),
            ("try_yield_from!();", false),
            ("let x = yield_from!(a);", false),
            ("#[cfg(any())] yield_!(1);", false),
            ("#[rustfmt::skip] finally! {}", false),
            ("#![allow(unused)] 1;", false),
            ("return yield_!(1);", false),
            ("break yield_!(1);", false),
            ("let f = async || yield_!(1);", true),
            ("macro_rules! m { () => { yield_!(1) } } m!();", false),
            ("__asyncgen_co;", false),
            (
                "'__asyncgen_protected0: loop { break '__asyncgen_protected0; }",
                false,
            ),
            ("impl X { async fn g() { yield_!(1); } }", false),
            ("const C: u32 = { yield_!(1); 1 };", true),
            ("static S: u32 = 1;", false),
            ("let x = [yield_!(1); 3];", false),
            ("let x = &raw const y;", false),
            ("let x = unsafe { *p };", false),
            ("become f();", false),
            ("do yeet 1;", true),
            ("x?.await?.await;", false),
            ("let _ = async move |x| x;", false),
        ];
        let (piece, known_error) = PIECES[self.rng.below(PIECES.len())];
        if known_error {
            self.known_error("malformed");
        }
        out.push_str(piece);
    }

    fn expr(&mut self, out: &mut String) {
        if self.depth >= self.max_depth {
            return self.leaf_expr(out);
        }
        self.depth += 1;
        match self.rng.below(14) {
            0..=3 => self.leaf_expr(out),
            4 => {
                self.yield_here();
                out.push_str("yield_!(");
                self.expr(out);
                out.push(')');
            }
            5 => {
                out.push('(');
                self.expr(out);
                out.push_str(")?");
            }
            6 => {
                out.push_str("f(");
                self.expr(out);
                out.push_str(", ");
                self.expr(out);
                out.push(')');
            }
            7 => {
                out.push_str("if cond() { ");
                self.expr(out);
                out.push_str(" } else { ");
                self.expr(out);
                out.push_str(" }");
            }
            8 => self.block(out),
            9 => {
                out.push_str("(|| ");
                let was = std::mem::replace(&mut self.in_closure, true);
                self.expr(out);
                self.in_closure = was;
                out.push_str(")()");
            }
            10 => {
                out.push_str("format!(\"{}\", ");
                self.opaque(|g| g.expr(out));
                out.push(')');
            }
            11 => {
                out.push('[');
                self.expr(out);
                out.push_str("; 2]");
            }
            12 => {
                out.push_str("async { ");
                let was = std::mem::replace(&mut self.in_closure, true);
                self.expr(out);
                self.in_closure = was;
                out.push_str(" }.await");
            }
            _ => {
                self.expr(out);
                out.push_str(".await");
            }
        }
        self.depth -= 1;
    }

    fn leaf_expr(&mut self, out: &mut String) {
        out.push_str(self.pick(&[
            "1",
            "x",
            "value()",
            "fut().await",
            "fallible()?",
            "\"s\"",
            "S { a: 1 }",
            "-1i64 as u32",
            "&mut y",
        ]));
    }
}

/// One generated function for `attr`, its attribute arguments, and why it
/// must be an error (if it must).
fn generated(seed: u64) -> (String, String, Vec<&'static str>) {
    let mut generator = Gen::new(seed);
    let mut body = String::new();
    generator.block(&mut body);
    let ret = generator.pick(&[
        "",
        "",
        " -> Result<(), E>",
        " -> Result<(), E>",
        " -> io::Result<()>",
        " -> u32",
    ]);
    let args = generator
        .pick(&[
            "yield = u32",
            "yield = u32",
            "yield = u32",
            "yield = u32",
            "yield = u32",
            "yield = u32",
            "yield = &'a str, on_drop = spawn",
            "yield = (), on_drop = block",
            "yield = u32, boxed",
            "yield u32",
            "",
            "yield = u32, on_drop = nope",
        ])
        .to_owned();
    let sig = generator.pick(&[
        "async fn f<'a>(a: &'a str)",
        "async fn f<'a>(a: &'a str)",
        "async fn f<'a>(a: &'a str)",
        "async fn f<'a>(a: &'a str)",
        "pub async fn f<T: Clone + 'static>(t: T)",
        "async fn f(&self)",
        "async fn f(mut self: Pin<&mut Self>)",
        "async fn f((a, b): (u32, u32), _: u8)",
        "async unsafe fn f()",
        "const async fn f()",
        "fn f()",
        "async extern \"C\" fn f()",
        "async fn f<const N: usize>(x: [u8; N]) where [u8; N]: Sized",
        "async fn f(x: impl Into<u32>)",
        "#[inline] #[doc = \"x\"] async fn f()",
        "async fn f(..)",
    ]);
    let func = format!("{sig}{ret} {body}");
    (func, args, generator.must_error)
}

/// Expands `func` with `attr` on a proc macro's stack; panics (with the
/// input) on a panic, on output that does not parse, or on a missing
/// `compile_error!`.
fn check(attr: &str, args: &str, func: &str, must_error: &[&str]) {
    let expand_fn = match attr {
        "acmgr" => expand::acmgr,
        _ => expand::generator,
    };
    let (args_ts, func_ts): (TokenStream, TokenStream) = match (args.parse(), func.parse()) {
        (Ok(a), Ok(f)) => (a, f),
        _ => panic!("the test generated tokens that do not lex: {func}"),
    };
    let describe = format!("#[{attr}({args})]\n{func}");
    let output = catch_unwind(AssertUnwindSafe(|| expand_fn(args_ts, func_ts).to_string()))
        .map_err(|payload| {
            payload
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default()
        });
    let output = output.unwrap_or_else(|panic| panic!("the macro panicked: {panic}\n{describe}"));
    if let Err(error) = parse_items(output.clone()) {
        panic!("the output is not Rust items: {error}\n{describe}\n-> {output}");
    }
    if !must_error.is_empty() && !output.contains("compile_error") {
        panic!("no compile_error! for {must_error:?}\n{describe}\n-> {output}");
    }
}

/// Parses the expansion as items. This is the test's check, not the
/// macro's work: it runs on a big stack, since syn's recursive parser
/// (unoptimized) needs more than 8 MiB for the deep expansions of the
/// extreme shapes (which rustc itself does not parse recursively).
fn parse_items(output: String) -> Result<(), String> {
    std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(move || {
            let tokens: TokenStream = output.parse().map_err(|e| format!("{e:?}"))?;
            let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
            // A file may start with inner attributes; a macro's output,
            // which stands where the item was, may not.
            match file.attrs.first() {
                Some(attr) => Err(format!(
                    "an inner attribute in item position: {}",
                    quote::ToTokens::to_token_stream(attr)
                )),
                None => Ok(()),
            }
        })
        .expect("spawn")
        .join()
        .expect("the parse does not panic")
}

fn cases() -> u64 {
    std::env::var("ASYNCGEN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000)
}

fn seed() -> u64 {
    std::env::var("ASYNCGEN_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed)
}

/// Runs `f` on a thread with a proc macro's stack.
fn on_proc_macro_stack(f: impl FnOnce() + Send + 'static) {
    let thread = std::thread::Builder::new()
        .stack_size(PROC_MACRO_STACK)
        .spawn(f)
        .expect("spawn");
    if let Err(payload) = thread.join() {
        std::panic::resume_unwind(payload);
    }
}

fn fuzz(attr: &'static str) {
    on_proc_macro_stack(move || fuzz_here(attr));
}

fn fuzz_here(attr: &str) {
    let base = seed();
    let mut known_errors = 0;
    for case in 0..cases() {
        let (func, args, must_error) = generated(base.wrapping_add(case));
        known_errors += usize::from(!must_error.is_empty());
        if std::env::var_os("ASYNCGEN_FUZZ_SHOW").is_some() && case < 5 {
            eprintln!("#[{attr}({args})]\n{func}\n");
        }
        let outcome = catch_unwind(|| check(attr, &args, &func, &must_error));
        if let Err(payload) = outcome {
            eprintln!("seed {base} case {case} ({attr})");
            std::panic::resume_unwind(payload);
        }
    }
    eprintln!(
        "{attr}: {} cases, {known_errors} known to be errors",
        cases()
    );
}

#[test]
fn generated_bodies_expand_without_panicking_async_generator() {
    fuzz("async_generator");
}

#[test]
fn generated_bodies_expand_without_panicking_acmgr() {
    fuzz("acmgr");
}

/// Deep and long shapes nobody writes by hand.
#[test]
fn extreme_shapes_expand_on_a_proc_macro_stack() {
    on_proc_macro_stack(extreme_shapes);
}

/// The shapes, `n` levels or blocks each.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    let nest = |open: &str, close: &str, inner: &str| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    vec![
        ("nested blocks", nest("{", "}", "yield_!(1);")),
        (
            "nested finally in blocks",
            nest("{ finally! { log(); } ", "}", "yield_!(1);"),
        ),
        (
            "finally in a row",
            format!("{} yield_!(1);", "finally! { log(); } ".repeat(n)),
        ),
        (
            "outcome finally in a row",
            format!("{} yield_!(1);", "finally!(|o| { log(o); }); ".repeat(n)),
        ),
        (
            "labeled loops",
            nest("'a: loop { ", "break 'a; } ", "yield_!(1);"),
        ),
        ("nested if", nest("if c() { ", "} ", "yield_!(1);")),
        (
            "nested parens",
            format!("yield_!({});", nest("(", ")", "1")),
        ),
        (
            "nested awaits",
            format!("yield_!(x{});", ".await".repeat(n)),
        ),
        (
            "nested question marks",
            format!("yield_!(x{});", "?".repeat(n)),
        ),
        ("nested closures", nest("let c = || { ", "}; ", "1;")),
        (
            "nested match",
            nest("match x { _ => { ", "} } ", "yield_!(1);"),
        ),
        ("yields in a row", "yield_!(1);".repeat(n)),
        ("nested async blocks", nest("async { ", "}.await; ", "1;")),
        ("finally in finally", nest("finally! { ", "} ", "log();")),
    ]
}

/// The sizes the extreme shapes are pinned at. Shapes in a row (flat in
/// the input) take 1,000; nested shapes take 100 levels, and at 1,000 are
/// refused with a spanned error (`crate::nesting`, 128 levels of brackets). Measured limits
/// on the 8 MiB stack, debug build (levels before the stack overflows):
///
/// | shape | the macro | syn's `ItemFn` parser alone |
/// | --- | --- | --- |
/// | nested closures `let c = \|\| { .. };` | 250 | 250 |
/// | nested `match x { _ => { .. } }` | 265 | 265 |
/// | nested `async { .. }.await;` | 343 | 343 |
/// | nested `if c() { .. }` | 390 | 390 |
/// | nested `'a: loop { .. break 'a; }` | 406 | 406 |
/// | nested blocks, with or without a `finally!` in each | 468 | 468 |
/// | `finally! { finally! { .. } }` | 468 | > 3,985 |
/// | nested parens in `yield_!(((..)))` | 765 | > 3,985 |
/// | `x.await.await..` / `x???..` in `yield_!` | 3,406 | > 3,985 |
/// | `finally!` blocks, or yields, in a row | > 3,985 | > 3,985 |
///
/// rustc itself (1.95) compiles 300 nested closures, and 800 nested parens,
/// without the attribute; with it, rustc dies of a stack overflow in the
/// macro at 240 closures, and at 800 parens inside `yield_!` (the macro runs
/// on rustc's thread, part of whose 8 MiB rustc's own frames use). Most of
/// it is syn's recursive parser (unoptimized: cargo builds proc macros at
/// `opt-level = 0` in both profiles); the parens are the macro's own
/// passes. Growing the stack (`stacker::grow` around the expansion, as rustc
/// does for itself) or a nesting limit with a spanned error would end it.
fn extreme_shapes() {
    for (name, body) in shapes(1000) {
        if name.contains("in a row")
            || name.starts_with("nested awaits")
            || name.starts_with("nested question")
        {
            eprintln!("{name}: 1000");
            check(
                "async_generator",
                "yield = u32",
                &format!("async fn f() {{ {body} }}"),
                &[],
            );
        }
    }
    for (name, body) in shapes(100) {
        if !(name.contains("in a row")
            || name.starts_with("nested awaits")
            || name.starts_with("nested question"))
        {
            eprintln!("{name}: 100");
            check(
                "async_generator",
                "yield = u32",
                &format!("async fn f() {{ {body} }}"),
                &[],
            );
        }
    }
    // Deeper than the nesting limit: a spanned error, never an overflow
    // (240 nested closures killed rustc before the limit).
    for (name, body) in shapes(1000) {
        if !(name.contains("in a row")
            || name.starts_with("nested awaits")
            || name.starts_with("nested question"))
        {
            eprintln!("{name}: 1000, over the limit");
            let func = format!("async fn f() {{ {body} }}");
            check(
                "async_generator",
                "yield = u32",
                &func,
                &["nested too deep"],
            );
            check("acmgr", "yield = u32", &func, &["nested too deep"]);
        }
    }
}

/// Found by the fuzzer: a braced `yield_! { v }` statement followed by
/// another statement. An acmgr lowers a yield to an expression
/// (`..yield_scope(..).await`), which kept the statement's missing `;`: the
/// output did not parse, and rustc said "expected `;`" at valid code.
#[test]
fn braced_yield_statement_then_another_statement() {
    for attr in ["async_generator", "acmgr"] {
        for body in [
            "{ yield_! { 1 } let x = 1; }",
            "{ finally! { log(); } yield_! { 1 } let x = 1; }",
            "{ let x = 1; yield_! { 1 } }",
            "{ yield_from! { source() } let x = 1; }",
        ] {
            let func = format!("async fn f() -> Result<(), E> {body}");
            check(attr, "yield = u32", &func, &[]);
        }
    }
}

/// Found by the fuzzer: on an error (a bad argument, a non-async fn), the
/// function is re-emitted with an empty body, and the body's inner
/// attributes (`#![allow(..)]`), which syn returns with the function's,
/// were put before it, where rustc rejects them: a second error beside the
/// real one.
#[test]
fn inner_attributes_stay_in_the_body_on_an_error() {
    for (attr, args, func) in [
        (
            "async_generator",
            "yield = u32, on_drop = nope",
            "async fn f() { #![allow(unused)] yield_!(1); }",
        ),
        (
            "acmgr",
            "yield = u32, boxed",
            "async fn f() { #![allow(unused)] let o = yield_!(1); }",
        ),
        (
            "async_generator",
            "yield = u32",
            "fn f() { #![allow(unused)] yield_!(1); }",
        ),
    ] {
        check(attr, args, func, &["the error"]);
    }
}

/// Found by the fuzzer: the body's inner attributes (`#![allow(..)]`) were
/// emitted before the generated function, where rustc rejects them ("an
/// inner attribute is not permitted in this context"): valid code did not
/// compile. They apply to the function, and are now emitted as its outer
/// attributes (`tests/valid_code.rs` compiles and runs such bodies).
#[test]
fn inner_attributes_of_the_body_are_not_in_item_position() {
    for attr in ["async_generator", "acmgr"] {
        let func = "async fn f() { #![allow(unused)] let o = yield_!(1); }";
        check(attr, "yield = u32", func, &[]);
        let expand_fn = if attr == "acmgr" {
            expand::acmgr
        } else {
            expand::generator
        };
        let output = expand_fn(
            "yield = u32".parse().unwrap(),
            "async fn f() { #![allow(unused)] yield_!(1); }"
                .parse()
                .unwrap(),
        )
        .to_string();
        assert!(output.starts_with("# [allow (unused)]"), "{output}");
    }
}
