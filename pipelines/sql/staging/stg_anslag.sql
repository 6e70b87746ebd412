-- Kommunala anslag in kr per year, part (kommun or region) and post (kommunala_anslag.xlsx).
with source as (select * from raw.anslag),
final as (
    select cast(ar as integer) as ar, part, cast(kommunkod as varchar) as kommunkod, kommun_angiven,
           post, cast(belopp_kr as double) as belopp_kr, _fil, _blad, _rad
    from source
)
select * from final
