//! Compile-fail (ui) tests: every diagnostic of `#[async_generator]` on the user's span, the
//! misuse that must not compile (async-stream's #106 and #107 included), and hygiene.
//!
//! The suites that write `on_drop = spawn` or `on_drop = block` run with those
//! features; the `tests/ui/features` cases run without them (`.ci/features`
//! builds those configurations): each policy's error names its feature.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    // `on_drop_spawn_*.rs` check `on_drop = spawn`'s own errors.
    #[cfg(feature = "on-drop-spawn")]
    t.compile_fail("tests/ui/async_generator/*.rs");
    t.compile_fail("tests/ui/acmgr/*.rs");
    t.compile_fail("tests/ui/async_gen/*.rs");
    // It has an `on_drop = block` generator.
    #[cfg(feature = "on-drop-block")]
    t.pass("tests/ui/pass/forbid_unsafe_code.rs");
    t.pass("tests/ui/pass/hygiene.rs");
    #[cfg(not(feature = "on-drop-block"))]
    t.compile_fail("tests/ui/features/on_drop_block_without_its_feature.rs");
    #[cfg(not(feature = "on-drop-spawn"))]
    t.compile_fail("tests/ui/features/on_drop_spawn_without_its_feature.rs");
}
