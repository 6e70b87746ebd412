-- Every kommun in every utvärdering: whether it answered, when, how often, whether late and by how many
-- respondents (always 1 for an answering kommun in en_per_kommun utvärderingar). svars_id and sluttid are
-- those of the kommun's latest counting response.
with kommuner as (select * from kommun),
utvarderingar as (select * from staging.stg_utvarderingar),
giltiga as (
    select utvardering, kommunkod, first(svars_id order by sluttid desc nulls last, svars_id desc) as svars_id, max(sluttid) as sluttid,
           max(antal_inskick) as antal_inskick, bool_or(efter_sista_svarsdag) as efter_sista_svarsdag,
           count(*) as antal_respondenter
    from enkatsvar
    where galler
    group by utvardering, kommunkod
),
final as (
    select u.utvardering, k.kommunkod, k.kommun,
           g.svars_id is not null as har_svarat,
           g.svars_id, g.sluttid, coalesce(g.antal_inskick, 0) as antal_inskick,
           coalesce(g.efter_sista_svarsdag, false) as efter_sista_svarsdag,
           coalesce(g.antal_respondenter, 0) as antal_respondenter
    from utvarderingar u
    cross join kommuner k
    left join giltiga g on g.utvardering = u.utvardering and g.kommunkod = k.kommunkod
    order by u.utvardering, k.kommunkod
)
select * from final
