fn count(
    to: u32,
) -> impl ::asyncgen::__private::AsyncGenerator<Item = u32, Closed = ()> {
    (::asyncgen::__private::Gen::<
        u32,
        _,
        ::asyncgen::__private::NoCleanup,
        _,
    >::new(
        move |__asyncgen_co| async move {
            unsafe { ::asyncgen::__private::Co::bind(&__asyncgen_co) }.await;
            #[allow(unused_imports)]
            use ::asyncgen::__private as __asyncgen_private;
            let to = to;
            #[allow(unreachable_code, clippy::diverging_sub_expression)]
            let __asyncgen_ret: () = {
                return for i in 0..to {
                    {
                        ::asyncgen::__private::Co::<u32>::put(&__asyncgen_co, i).await;
                        ::asyncgen::__private::Co::<u32>::suspend(&__asyncgen_co).await;
                    };
                };
            };
            #[allow(unreachable_code)] return __asyncgen_ret;
        },
        ::asyncgen::__private::ReportByType,
    ))
}
