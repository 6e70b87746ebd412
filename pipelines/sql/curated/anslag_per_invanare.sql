-- Anslag per invånare: one row per anslag year and kommun. The kommuner's part of the anslag (kr, all posts)
-- against the invånare of that year as invanare_prognos gives them (the population on 31 December the year
-- before; the rule lives there only). belopp_kr, kr_per_invanare and andel are null for a kommun without anslag
-- that year.
with anslagsar as (select distinct ar from anslag),
kommuner as (select kommunkod, kommun from kommun),
kommunernas_anslag as (
    select ar, kommunkod, sum(belopp_kr) as belopp_kr
    from anslag
    where part = 'kommun'
    group by ar, kommunkod
),
final as (
    select y.ar, k.kommunkod, k.kommun, i.befolkningsar as befolkning_ar, i.invanare, a.belopp_kr,
           a.belopp_kr / nullif(i.invanare, 0) as kr_per_invanare,
           a.belopp_kr / nullif(sum(a.belopp_kr) over (partition by y.ar), 0) as andel
    from anslagsar y
    cross join kommuner k
    left join invanare_prognos i on i.kommunkod = k.kommunkod and i.ar = y.ar
    left join kommunernas_anslag a on a.ar = y.ar and a.kommunkod = k.kommunkod
    order by y.ar, k.kommunkod
)
select * from final
