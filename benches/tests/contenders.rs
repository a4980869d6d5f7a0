//! Every contender yields the reference items, in every harness mode: a
//! broken contender must not win a table.

use asyncgen_benches::{CONTENDERS, expected};

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
