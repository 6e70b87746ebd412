-- Anslag per invånare: one row per anslag year and kommun. The kommuner's part of the anslag (kr, all posts)
-- against the population on 31 December the year before (befolkning_ar = ar - 1), or the latest year loaded
-- when that year is missing. The only place of that rule: queries and data tests read this table.
-- belopp_kr, kr_per_invanare and andel are null for a kommun without anslag that year.
with anslagsar as (select distinct ar from anslag),
senaste_befolkningsar as (select max(ar) as ar from befolkning),
kommuner as (select kommunkod, kommun from kommun),
kommunernas_anslag as (
    select ar, kommunkod, sum(belopp_kr) as belopp_kr
    from anslag
    where part = 'kommun'
    group by ar, kommunkod
),
rader as (
    select y.ar, k.kommunkod, k.kommun, least(y.ar - 1, s.ar) as befolkning_ar
    from anslagsar y
    cross join senaste_befolkningsar s
    cross join kommuner k
),
final as (
    select r.ar, r.kommunkod, r.kommun, r.befolkning_ar, b.invanare, a.belopp_kr,
           a.belopp_kr / nullif(b.invanare, 0) as kr_per_invanare,
           a.belopp_kr / nullif(sum(a.belopp_kr) over (partition by r.ar), 0) as andel
    from rader r
    left join befolkning b on b.kommunkod = r.kommunkod and b.ar = r.befolkning_ar
    left join kommunernas_anslag a on a.ar = r.ar and a.kommunkod = r.kommunkod
    order by r.ar, r.kommunkod
)
select * from final
