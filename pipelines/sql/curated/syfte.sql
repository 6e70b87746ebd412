-- The five syften of the agreement.
with syften as (select * from staging.stg_syften),
final as (select syfte_nr, syfte, kort from syften order by syfte_nr)
select * from final
