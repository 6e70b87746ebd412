-- Every kommun in every utvärdering: whether it answered, when, how often and whether late.
with kommuner as (select * from kommun),
utvarderingar as (select * from staging.stg_utvarderingar),
giltiga as (select * from enkatsvar where galler),
final as (
    select u.utvardering, k.kommunkod, k.kommun,
           g.svars_id is not null as har_svarat,
           g.svars_id, g.sluttid, coalesce(g.antal_inskick, 0) as antal_inskick,
           coalesce(g.efter_sista_svarsdag, false) as efter_sista_svarsdag
    from utvarderingar u
    cross join kommuner k
    left join giltiga g on g.utvardering = u.utvardering and g.kommunkod = k.kommunkod
    order by u.utvardering, k.kommunkod
)
select * from final
