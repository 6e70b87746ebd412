-- The agreement's five syften (pipelines/seeds/syften.csv).
with source as (select * from raw.syften),
final as (select cast(syfte_nr as integer) as syfte_nr, syfte, kort from source)
select * from final
