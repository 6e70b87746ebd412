-- Monthly budget follow-up per enhet in tkr (budgetuppfoljning.xlsx).
with source as (select * from raw.budget),
final as (
    select cast(ar as integer) as ar, cast(manad as integer) as manad, enhet,
           cast(budget_helar_tkr as double) as budget_helar_tkr,
           cast(budget_period_tkr as double) as budget_period_tkr,
           cast(utfall_ack_tkr as double) as utfall_ack_tkr,
           cast(prognos_helar_tkr as double) as prognos_helar_tkr, _fil, _blad, _rad
    from source
)
select * from final
