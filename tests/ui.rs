//! Compile-fail (ui) tests: every diagnostic of `#[async_generator]` on the user's span, the
//! misuse that must not compile (async-stream's #106 and #107 included), and hygiene.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/async_generator/*.rs");
    t.compile_fail("tests/ui/acmgr/*.rs");
    t.compile_fail("tests/ui/async_gen/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
