-- The six RUS delstrategier.
with delstrategier as (select * from staging.stg_delstrategier),
final as (select delstrategi_nr, delstrategi, kort from delstrategier order by delstrategi_nr)
select * from final
