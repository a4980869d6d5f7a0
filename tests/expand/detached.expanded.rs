fn rows(
    pool: Pool,
) -> impl ::asyncgen::AsyncGenerator<
    Item = Result<Row, DbError>,
    Closed = Result<(), DbError>,
> {
    (::asyncgen::__private::on_drop_spawn::needs_a_body_that_is_send_and_static(
        ::asyncgen::__private::Gen::<
            Row,
            _,
            ::asyncgen::__private::SpawnRest,
            _,
        >::new(
            move |yield_| async move {
                let __asyncgen_slot = ::asyncgen::__private::Co::<Row>::here().await;
                unsafe { ::asyncgen::__private::Slot::bind(__asyncgen_slot, &yield_) };
                #[allow(unused_imports)]
                use ::asyncgen::__private as __asyncgen_private;
                let pool = pool;
                #[allow(unreachable_code, clippy::diverging_sub_expression)]
                let __asyncgen_ret: Result<(), DbError> = {
                    let mut tx = match ::asyncgen::__private::unless_leaving(
                            pool.begin(),
                        )
                        .await
                    {
                        ::core::option::Option::Some(__asyncgen_value) => {
                            __asyncgen_value
                        }
                        ::core::option::Option::None => {
                            return ::core::result::Result::Ok(());
                        }
                    }?;
                    #[allow(unreachable_code, unused_labels)]
                    let __asyncgen_flow: ::asyncgen::__private::Flow<
                        Result<(), DbError>,
                        Result<(), DbError>,
                    > = '__asyncgen_protected0: {
                        ::asyncgen::__private::Flow::Normal({
                            let mut cursor = match match ::asyncgen::__private::unless_leaving(
                                    tx.query("select ..."),
                                )
                                .await
                            {
                                ::core::option::Option::Some(__asyncgen_value) => {
                                    __asyncgen_value
                                }
                                ::core::option::Option::None => {
                                    break '__asyncgen_protected0 __asyncgen_private::Flow::Return(
                                        ::core::result::Result::Ok(()),
                                    );
                                }
                            } {
                                ::core::result::Result::Ok(__asyncgen_ok) => __asyncgen_ok,
                                ::core::result::Result::Err(__asyncgen_error) => {
                                    break '__asyncgen_protected0 __asyncgen_private::Flow::Return(
                                        ::core::result::Result::Err(
                                            ::core::convert::From::from(__asyncgen_error),
                                        ),
                                    );
                                }
                            };
                            while let Some(row) = match match ::asyncgen::__private::unless_leaving(
                                    cursor.next(),
                                )
                                .await
                            {
                                ::core::option::Option::Some(__asyncgen_value) => {
                                    __asyncgen_value
                                }
                                ::core::option::Option::None => {
                                    break '__asyncgen_protected0 __asyncgen_private::Flow::Return(
                                        ::core::result::Result::Ok(()),
                                    );
                                }
                            } {
                                ::core::result::Result::Ok(__asyncgen_ok) => __asyncgen_ok,
                                ::core::result::Result::Err(__asyncgen_error) => {
                                    break '__asyncgen_protected0 __asyncgen_private::Flow::Return(
                                        ::core::result::Result::Err(
                                            ::core::convert::From::from(__asyncgen_error),
                                        ),
                                    );
                                }
                            } {
                                match {
                                    let __asyncgen_slot = ::asyncgen::__private::Co::<
                                        Row,
                                    >::here()
                                        .await;
                                    let __asyncgen_yielded: Row = row;
                                    unsafe {
                                        ::asyncgen::__private::Slot::put(
                                            __asyncgen_slot,
                                            &yield_,
                                            __asyncgen_yielded,
                                        )
                                    };
                                    ::asyncgen::__private::Co::<Row>::suspend().await
                                } {
                                    ::core::option::Option::Some(()) => {}
                                    ::core::option::Option::None => {
                                        break '__asyncgen_protected0 __asyncgen_private::Flow::Return(
                                            ::core::result::Result::Ok(()),
                                        );
                                    }
                                };
                            }
                            let __asyncgen_tail: Result<(), DbError> = Ok(());
                            break '__asyncgen_protected0 __asyncgen_private::Flow::Return(
                                __asyncgen_tail,
                            );
                        })
                    };
                    #[allow(unreachable_code, unused_labels)]
                    let __asyncgen_failure: Result<(), DbError> = '__asyncgen_cleanup0: {
                        {
                            match tx.rollback().await {
                                ::core::result::Result::Ok(__asyncgen_ok) => __asyncgen_ok,
                                ::core::result::Result::Err(__asyncgen_error) => {
                                    break '__asyncgen_cleanup0 __asyncgen_private::exit(
                                        ::core::result::Result::Err(
                                            ::core::convert::From::from(__asyncgen_error),
                                        ),
                                    );
                                }
                            };
                        };
                        ::core::result::Result::Ok(())
                    };
                    let __asyncgen_flow = ::asyncgen::__private::after_cleanup(
                        __asyncgen_flow,
                        __asyncgen_failure,
                        |__asyncgen_error| {
                            #[allow(unused_imports)]
                            use ::asyncgen::__private::{
                                ReportDebug as _, ReportOpaque as _,
                            };
                            (&::asyncgen::__private::Displaced(__asyncgen_error))
                                .report();
                        },
                    );
                    let __asyncgen_flow = ::asyncgen::__private::leave_if_closing(
                            __asyncgen_flow,
                            ::core::result::Result::Ok(()),
                        )
                        .await;
                    match __asyncgen_flow {
                        ::asyncgen::__private::Flow::Normal(__asyncgen_value) => {
                            __asyncgen_value
                        }
                        ::asyncgen::__private::Flow::Return(__asyncgen_value) => {
                            return __asyncgen_value;
                        }
                        ::asyncgen::__private::Flow::Jump(_) => ::core::unreachable!(),
                    }
                };
                #[allow(unreachable_code)] return __asyncgen_ret;
            },
            |__asyncgen_output: &Result<(), DbError>| {
                if let ::core::result::Result::Err(__asyncgen_error) = __asyncgen_output {
                    #[allow(unused_imports)]
                    use ::asyncgen::__private::{ReportDebug as _, ReportOpaque as _};
                    (&::asyncgen::__private::Dropped(
                        ::core::concat!(
                            ::core::module_path!(), "::", ::core::stringify!(rows)
                        ),
                        __asyncgen_error,
                    ))
                        .report();
                }
            },
        ),
    ))
}
