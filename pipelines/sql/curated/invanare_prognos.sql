-- Invånare per kommun and year paid for (anslag year or scenario year): the population on 31 December the year
-- before – the outcome (befolkning) while that year is within the loaded outcome years, else the
-- befolkningsprognos, else the latest outcome year loaded. kalla says which. The only place of that rule:
-- anslag_per_invanare, the negotiation scenarios and the data tests read this table.
with utfall as (select kommunkod, ar, invanare from befolkning),
prognos as (select kommunkod, ar, invanare from staging.stg_befolkningsprognos),
senaste_utfall as (select max(ar) as ar from utfall),
prognosar as (select distinct ar from prognos),
betalningsar as (select ar + 1 as ar from utfall union select ar + 1 from prognos union select ar from anslag),
kommuner as (select kommunkod from kommun),
valt_ar as (
    select k.kommunkod, y.ar,
           y.ar - 1 <= s.ar or pa.ar is null as ur_utfall,
           case when y.ar - 1 <= s.ar or pa.ar is not null then y.ar - 1 else s.ar end as befolkningsar
    from kommuner k
    cross join betalningsar y
    cross join senaste_utfall s
    left join prognosar pa on pa.ar = y.ar - 1
),
final as (
    select v.kommunkod, v.ar, v.befolkningsar,
           case when v.ur_utfall then u.invanare else p.invanare end as invanare,
           case when v.ur_utfall then 'utfall' else 'prognos' end as kalla
    from valt_ar v
    left join utfall u on u.kommunkod = v.kommunkod and u.ar = v.befolkningsar
    left join prognos p on p.kommunkod = v.kommunkod and p.ar = v.befolkningsar
    order by v.kommunkod, v.ar
)
select * from final
