-- Forecast population 31 December per kommun and year (data/raw/befolkningsprognos.csv).
with source as (select * from raw.befolkningsprognos),
final as (
    select cast(kommunkod as varchar) as kommunkod, cast(ar as integer) as ar,
           cast(invanare as integer) as invanare, _fil, _rad
    from source
)
select * from final
