-- Population per kommun and year (data/raw/befolkning.csv).
with source as (select * from raw.befolkning),
final as (
    select cast(kommunkod as varchar) as kommunkod, cast(ar as integer) as ar,
           cast(cast(invanare as double) as integer) as invanare, _fil, _rad
    from source
)
select * from final
