-- One row per utvärdering: period, deadline, response model, svarsfrekvens (kommuner) and respondents.
with utvarderingar as (select * from staging.stg_utvarderingar),
deltagande_per_ar as (
    select utvardering, count(*) as antal_kommuner, count(*) filter (where har_svarat) as antal_svarande,
           count(*) filter (where efter_sista_svarsdag) as antal_sena,
           count(*) filter (where antal_inskick > 1) as antal_med_flera_inskick,
           min(sluttid) as forsta_svar, max(sluttid) as sista_svar,
           sum(antal_respondenter) as antal_respondenter
    from deltagande
    group by utvardering
),
final as (
    select u.utvardering, u.oppnade, u.sista_svarsdag, d.antal_kommuner, d.antal_svarande,
           d.antal_svarande / d.antal_kommuner as svarsfrekvens, d.antal_sena, d.antal_med_flera_inskick,
           d.forsta_svar, d.sista_svar,
           u.svarsmodell, cast(d.antal_respondenter as integer) as antal_respondenter
    from utvarderingar u
    join deltagande_per_ar d using (utvardering)
    order by u.utvardering
)
select * from final
