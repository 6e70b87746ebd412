-- Skattekraft in kr per invånare per kommun and year (data/raw/skattekraft.csv).
with source as (select * from raw.skattekraft),
final as (
    select cast(kommunkod as varchar) as kommunkod, cast(ar as integer) as ar,
           cast(skattekraft as double) as skattekraft_kr, _fil, _rad
    from source
)
select * from final
