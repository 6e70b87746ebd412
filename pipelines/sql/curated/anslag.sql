-- Anslag in kr per year, part (kommun or region), kommun and post.
with anslag_rader as (select * from staging.stg_anslag),
final as (
    select ar, part, kommunkod, post, belopp_kr
    from anslag_rader
    order by ar, part, kommunkod, post
)
select * from final
