fn count(to: u32) -> impl ::asyncgen::AsyncGenerator<Item = u32, Closed = ()> {
    (::asyncgen::__private::Gen::<
        u32,
        _,
        ::asyncgen::__private::NoCleanup,
        _,
    >::new(
        move |yield_| async move {
            let __asyncgen_slot = ::asyncgen::__private::Co::<u32>::here().await;
            unsafe { ::asyncgen::__private::Slot::bind(__asyncgen_slot, &yield_) };
            #[allow(unused_imports)]
            use ::asyncgen::__private as __asyncgen_private;
            let to = to;
            #[allow(unreachable_code, clippy::diverging_sub_expression)]
            let __asyncgen_ret: () = {
                let __asyncgen_tail: () = for i in 0..to {
                    {
                        let __asyncgen_slot = ::asyncgen::__private::Co::<u32>::here()
                            .await;
                        let __asyncgen_yielded: u32 = i;
                        unsafe {
                            ::asyncgen::__private::Slot::put(
                                __asyncgen_slot,
                                &yield_,
                                __asyncgen_yielded,
                            )
                        };
                        ::asyncgen::__private::Co::<u32>::suspend().await;
                    };
                };
                return __asyncgen_tail;
            };
            #[allow(unreachable_code)] return __asyncgen_ret;
        },
        ::asyncgen::__private::ReportByType,
    ))
}
