-- One row per kommun: kommunkod and name.
with kommuner as (select * from staging.stg_kommuner),
final as (select kommunkod, kommun from kommuner order by kommunkod)
select * from final
