-- Population per kommun and year.
with befolkning as (select * from staging.stg_befolkning),
final as (select kommunkod, ar, invanare from befolkning order by kommunkod, ar)
select * from final
