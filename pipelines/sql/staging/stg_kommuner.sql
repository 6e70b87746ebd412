-- The 15 kommuner of Västerbottens län (data/raw/kommuner.csv).
with source as (select * from raw.kommuner),
final as (
    select cast(kommunkod as varchar) as kommunkod, trim(kommun) as kommun, stavningar, _fil, _rad
    from source
)
select * from final
