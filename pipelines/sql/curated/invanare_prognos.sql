-- Invånare per kommun and anslag year for the scenarios: the population of 31 December the year before,
-- the outcome (befolkning) where there is one, else the forecast (befolkningsprognos); kalla says which.
with utfall as (select kommunkod, ar, invanare from staging.stg_befolkning),
prognos as (select kommunkod, ar, invanare from staging.stg_befolkningsprognos),
befolkningsar as (select ar from utfall union select ar from prognos),
kommuner as (select kommunkod from staging.stg_kommuner),
final as (
    select k.kommunkod, b.ar + 1 as ar, b.ar as befolkningsar,
           coalesce(u.invanare, p.invanare) as invanare,
           case when u.invanare is not null then 'utfall' else 'prognos' end as kalla
    from kommuner k
    cross join befolkningsar b
    left join utfall u on u.kommunkod = k.kommunkod and u.ar = b.ar
    left join prognos p on p.kommunkod = k.kommunkod and p.ar = b.ar
    where coalesce(u.invanare, p.invanare) is not null
    order by k.kommunkod, b.ar
)
select * from final
