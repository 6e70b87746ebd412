-- The six RUS delstrategier (pipelines/seeds/delstrategier.csv).
with source as (select * from raw.delstrategier),
final as (select cast(delstrategi_nr as integer) as delstrategi_nr, delstrategi, kort from source)
select * from final
