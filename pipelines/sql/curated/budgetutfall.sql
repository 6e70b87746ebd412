-- Monthly follow-up per enhet in tkr with the deviation of the accumulated utfall from the period budget.
with budget as (select * from staging.stg_budget),
final as (
    select ar, manad, make_date(ar, manad, 1) as period, enhet,
           budget_helar_tkr, budget_period_tkr, utfall_ack_tkr, prognos_helar_tkr,
           utfall_ack_tkr - budget_period_tkr as avvikelse_tkr,
           (utfall_ack_tkr - budget_period_tkr) / nullif(budget_period_tkr, 0) as avvikelse_andel,
           prognos_helar_tkr - budget_helar_tkr as prognos_avvikelse_tkr
    from budget
    order by enhet, ar, manad
)
select * from final
