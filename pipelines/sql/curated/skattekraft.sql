-- Skattekraft in kr per invånare per kommun and year.
with skattekraft_rader as (select * from staging.stg_skattekraft),
final as (select kommunkod, ar, skattekraft_kr from skattekraft_rader order by kommunkod, ar)
select * from final
