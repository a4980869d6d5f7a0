//! Hygiene: a generator in a module that defines `mod core {}`, with user locals, arguments and
//! a label named like the macro's own (`__asyncgen_co`, `__asyncgen_flow`,
//! `'__asyncgen_protected0`, ...), compiles and behaves as written.

use std::cell::RefCell;

mod user {
    #![allow(dead_code)] // `mod core {}` exists only to shadow the real `core`.

    use std::cell::RefCell;

    use asyncgen::async_generator;

    pub mod core {}

    #[async_generator(yield = u32)]
    pub async fn shadowing(log: &RefCell<Vec<String>>, __asyncgen_arg0: u32) {
        let __asyncgen_co = 100;
        let __asyncgen_flow = 200;
        let __asyncgen_ret = 300;
        let __asyncgen_value = 400;
        finally! { log.borrow_mut().push(format!("cleanup {__asyncgen_co}")); }
        '__asyncgen_protected0: for i in 0..__asyncgen_arg0 {
            if i == 2 {
                break '__asyncgen_protected0;
            }
            yield_!(i + __asyncgen_flow);
        }
        yield_!(__asyncgen_ret + __asyncgen_value);
    }

    #[async_generator(yield = u32)]
    pub async fn fallible(log: &RefCell<Vec<String>>) -> Result<(), std::num::ParseIntError> {
        let __asyncgen_ok: u32 = "1".parse()?;
        finally! { log.borrow_mut().push("fallible cleanup".into()); }
        let __asyncgen_error = "not a number";
        '__asyncgen_protected1: {
            yield_!(__asyncgen_ok);
            if __asyncgen_ok == 1 {
                break '__asyncgen_protected1;
            }
        }
        let _: u32 = __asyncgen_error.parse()?;
        yield_!(99);
        Ok(())
    }
}

fn main() {
    use futures::StreamExt;

    let log = RefCell::new(Vec::new());
    let items: Vec<u32> = futures::executor::block_on(user::shadowing(&log, 5).collect());
    assert_eq!(items, [200, 201, 700]);
    assert_eq!(*log.borrow(), ["cleanup 100"]);

    log.borrow_mut().clear();
    let items: Vec<_> = futures::executor::block_on(user::fallible(&log).collect());
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], Ok(1));
    assert!(items[1].is_err());
    assert_eq!(*log.borrow(), ["fallible cleanup"]);
}
