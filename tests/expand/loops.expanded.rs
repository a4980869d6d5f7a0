fn loops(log: Log) -> impl ::asyncgen::AsyncGenerator<Item = u32, Closed = ()> {
    (::asyncgen::__private::Gen::<
        u32,
        _,
        ::asyncgen::__private::BlockInPlace,
        _,
    >::new(
        move |yield_| async move {
            let __asyncgen_slot = ::asyncgen::__private::Co::<u32>::here().await;
            unsafe { ::asyncgen::__private::Slot::bind(__asyncgen_slot, &yield_) };
            #[allow(unused_imports)]
            use ::asyncgen::__private as __asyncgen_private;
            let log = log;
            #[allow(unreachable_code, clippy::diverging_sub_expression)]
            let __asyncgen_ret: () = {
                let __asyncgen_tail: () = 'outer: for round in 0..3 {
                    #[allow(unreachable_code, unused_labels)]
                    let __asyncgen_flow: ::asyncgen::__private::Flow<(), ()> = '__asyncgen_protected0: {
                        ::asyncgen::__private::Flow::Normal({
                            for i in 0..10 {
                                if i == 2 {
                                    break '__asyncgen_protected0 __asyncgen_private::Flow::Jump(
                                        0u32,
                                    );
                                }
                                match {
                                    let __asyncgen_slot = ::asyncgen::__private::Co::<
                                        u32,
                                    >::here()
                                        .await;
                                    let __asyncgen_yielded: u32 = round * 10 + i;
                                    unsafe {
                                        ::asyncgen::__private::Slot::put(
                                            __asyncgen_slot,
                                            &yield_,
                                            __asyncgen_yielded,
                                        )
                                    };
                                    ::asyncgen::__private::Co::<u32>::suspend().await
                                } {
                                    ::core::option::Option::Some(()) => {}
                                    ::core::option::Option::None => {
                                        break '__asyncgen_protected0 __asyncgen_private::Flow::Return(());
                                    }
                                };
                            }
                        })
                    };
                    {
                        log.push("round done");
                    };
                    match __asyncgen_flow {
                        ::asyncgen::__private::Flow::Normal(__asyncgen_value) => {
                            __asyncgen_value
                        }
                        ::asyncgen::__private::Flow::Return(__asyncgen_value) => {
                            return __asyncgen_value;
                        }
                        ::asyncgen::__private::Flow::Jump(0u32) => continue 'outer,
                        ::asyncgen::__private::Flow::Jump(_) => ::core::unreachable!(),
                    }
                };
                return __asyncgen_tail;
            };
            #[allow(unreachable_code)] return __asyncgen_ret;
        },
        ::asyncgen::__private::ReportByType,
    ))
}
