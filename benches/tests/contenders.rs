//! Every contender yields the reference items, in every harness mode: a
//! broken contender must not win a table.

use asyncgen_benches::{CONTENDERS, Group, contender, expected, group, mpsc};

#[test]
fn every_contender_yields_the_reference_items() {
    for c in CONTENDERS {
        for n in [0, 1, 2, 63, 64, 1000] {
            let want = expected(c.group, n);
            assert_eq!((c.sum)(n), want, "{} drained, {n} items", c.name);
            assert_eq!(
                (c.sum_opaque)(n),
                want,
                "{} polled by call, {n} items",
                c.name
            );
        }
        let first = (c.first)(5);
        assert_eq!(first, Some(expected(c.group, 1)), "{}: first item", c.name);
        assert_eq!((c.first)(0), None, "{}: first of none", c.name);
        assert!((c.size)() > 0, "{}: size", c.name);
    }
}

/// The ways of writing a stream that every variant below has, in this build.
const WAYS: &[&str] = &[
    "asyncgen",
    "async-stream",
    #[cfg(feature = "nightly")]
    "futures-async-stream",
    #[cfg(feature = "nightly")]
    "async-gen",
];

/// The names `benches/instructions.sh` is run with (`ONLY=`) exist: each way
/// has its `+finally`, `+mpsc` and `+mpsc-wait` row, and the channel has its
/// raw rows.
#[test]
fn every_way_has_the_finally_and_mpsc_variants() {
    for way in WAYS {
        for variant in ["", "+finally", "+mpsc", "+mpsc-wait"] {
            let name = format!("{way}{variant}");
            assert!(contender(&name).is_some(), "no contender {name}");
        }
    }
    for name in ["hand-written+mpsc", "hand-written+mpsc-wait"] {
        assert!(contender(name).is_some(), "no contender {name}");
    }
}

/// The waker counts of `run` on this thread: (clones, wakes).
fn waker_counts(run: impl FnOnce()) -> (u64, u64) {
    let before = (mpsc::waker_clones(), mpsc::waker_wakes());
    run();
    (
        mpsc::waker_clones() - before.0,
        mpsc::waker_wakes() - before.1,
    )
}

/// The two feedings do what the `+mpsc` rows say. With `+mpsc` no `recv`
/// ever waits: nothing is woken. With `+mpsc-wait` every `recv` waits and is
/// woken, once per item and once for the close; the raw channel clones the
/// consumer's waker once per wait (its registration), the floor the other
/// rows' clones are read against.
#[test]
fn mpsc_feeding_registers_the_waker_only_when_waiting() {
    const N: u64 = 100;
    for c in group(Group::Mpsc) {
        let (_, wakes) = waker_counts(|| assert_eq!((c.sum)(N), expected(c.group, N)));
        assert_eq!(wakes, 0, "{}: wakes", c.name);
    }
    for c in group(Group::MpscWait) {
        let (_, wakes) = waker_counts(|| assert_eq!((c.sum)(N), expected(c.group, N)));
        assert_eq!(wakes, N + 1, "{}: wakes", c.name);
    }
    let raw = |name| {
        let c = contender(name).expect(name);
        waker_counts(|| assert_eq!((c.sum_opaque)(N), expected(c.group, N)))
    };
    assert_eq!(raw("hand-written+mpsc"), (0, 0));
    assert_eq!(raw("hand-written+mpsc-wait"), (N + 1, N + 1));
}
